#!/bin/sh
# Makes a self-signed certificate for county-sim on loopback:
#   gen-cert.sh DIR   ->  DIR/sim-cert.pem, DIR/sim-key.pem
# The certificate names 127.0.0.1 and localhost, so a kiosk or test that
# uses DIR/sim-cert.pem as its CA file verifies the host normally.
set -eu
dir=${1:?usage: gen-cert.sh DIR}
mkdir -p "$dir"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
  -keyout "$dir/sim-key.pem" -out "$dir/sim-cert.pem" -days 30 \
  -subj "/CN=county-sim" -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" 2>/dev/null
