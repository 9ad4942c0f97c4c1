/* sim_cli.h — `county-sim admin ...`: the county's back office by hand, for
 * technicians demonstrating the emulator against county-sim. Talks to a
 * running county-sim's /admin endpoints over HTTPS (loopback only, like the
 * endpoints themselves) and prints plain lines; exit code 0 done, 1 refused
 * or failed (the simulator's message on stderr), 2 usage. */
#ifndef CZ_TESTS_SIM_CLI_H
#define CZ_TESTS_SIM_CLI_H

/* argv[0] is "admin". */
int sim_cli_main(int argc, char **argv);

#endif
