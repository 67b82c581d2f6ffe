/* SPDX-License-Identifier: MIT */
/*
 * Private header of the cli commands for rule and script writers (try,
 * test, exec, report: cmd_try.c, cmd_test.c, cmd_exec.c, cmd_report.c) and the
 * helpers they share with run (common.c: data dir, pack search, an engine with
 * a pack). Each command returns the process exit status (cli.h).
 */
#ifndef HS_CLI_CMD_H
#define HS_CLI_CMD_H

#include <stddef.h>

#include "../base/base.h"
#include "../engine/engine.h"

/* The data dir: $HANSCAN_HOME; else <exe dir>/../share/hanscan when it
 * holds lua/hanscan; else the source tree this binary was built from.
 * Owned by the caller; NULL only when out of memory. */
char *hs_cli_data_dir(void);

/* Resolves -p PACK to a pack folder. NULL means the bundled "devzone". A
 * PACK that is a folder is taken as it is; else a name (no '/') is looked
 * up, first match wins, as <folder>/NAME/pack.lua in: each folder of
 * $HANSCAN_PACKS (colon-separated), ~/.local/share/hanscan/rules, then
 * <data>/rules. Returns the folder (owned by the caller) or NULL after
 * printing why on stderr (with the folders searched). */
char *hs_cli_find_pack(const char *pack, const char *data);

/* A new engine (limits may be NULL) over <data>/lua with the pack folder
 * loaded. NULL after printing the reason on stderr, prefixed with
 * "hanscan CMD: " (a pack error carries its file:line). */
hs_engine *hs_cli_engine(const char *cmd, const char *data,
                         const char *pack_dir, const hs_limits *limits);

/* Reads a whole file ("-": standard input) into b. HS_OK, HS_EIO (errno
 * tells why), HS_ENOMEM. */
hs_status hs_cli_read_file(const char *path, hs_buf *b);

/* Parses a size: digits with an optional K, M or G (binary multiples; a
 * trailing "iB" or "B" is accepted). Returns 0 on a bad or zero size. */
size_t hs_cli_parse_size(const char *v);

/* Terminal display width of UTF-8 text: 2 for East Asian wide and
 * full-width characters, 1 otherwise. */
size_t hs_cli_width(const char *s);

/* Seconds on the monotonic clock, for the summary line's timing. */
double hs_cli_now(void);

int hs_cli_try(int argc, char **argv);
int hs_cli_test(int argc, char **argv);
int hs_cli_exec(int argc, char **argv);
int hs_cli_report(int argc, char **argv);

#endif
