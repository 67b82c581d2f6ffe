/* SPDX-License-Identifier: MIT */
/*
 * Public header of the cli module: the hanscan command line. main() parses
 * the command and calls one of these; each returns the process exit status
 * (0 all documents read, 1 some failed, 2 bad usage or pack load failure).
 */
#ifndef HS_CLI_H
#define HS_CLI_H

#define HS_EXIT_OK     0
#define HS_EXIT_FAILED 1
#define HS_EXIT_USAGE  2

int hs_cli_main(int argc, char **argv);

#endif
