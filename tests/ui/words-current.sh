#!/bin/sh
# words_current: assets/text/words.txt is what assets/text/make-words.py
# makes of the strings and forms as they are now, so a string or form text
# added without rerunning it fails here, naming the words it lacks.
# Needs a python3 with jieba (python3-jieba, which .ci/install-deps.sh
# installs); without one the test is skipped (exit 77).
script="$1"
for py in python3 /usr/bin/python3; do
  if "$py" -c 'import jieba' >/dev/null 2>&1; then
    exec "$py" "$script" --check
  fi
done
echo "skipped: no python3 with jieba (apt-get install python3-jieba)"
exit 77
