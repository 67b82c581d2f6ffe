/* SPDX-License-Identifier: MIT */
/*
 * hanscan exec SCRIPT.lua PATH...: a custom extraction script over every
 * document. The script defines document(doc) and calls emit{...} for each
 * row (see hs_engine_load_script); rows go out as JSON Lines (default, to
 * standard output) or CSV (-o x.csv). Documents come from the same source
 * as `run` (folders, archives, encodings, HTML, .docx). A document the
 * script fails on is reported with SCRIPT:line and the document's name,
 * writes no rows, and the run goes on; exit status as for run.
 */
#define _GNU_SOURCE
#include "cmd.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../decode/decode.h"
#include "../output/output.h"
#include "cli.h"
#include "cli_int.h"
#include "progress.h"

static const char usage_exec[] =
    "usage: hanscan exec [-p PACK] [-o OUT] [--allow-io] [--encoding ENC]\n"
    "                    SCRIPT.lua PATH...\n"
    "\n"
    "Runs a Lua extraction script over every document. The script defines\n"
    "  function document(doc) ... end\n"
    "where doc = { name, text (normalized), decoded, encoding, format }, and\n"
    "calls emit{ column = value, ... } for each row it wants (strings,\n"
    "numbers, booleans). A global columns = { ... } fixes the column order.\n"
    "In the script: require \"lpeg\" and the hanscan.* library (number,\n"
    "units, period, zone, text, decimal, extract ...), `pack` (the loaded\n"
    "pack, default devzone) and extract(doc) (the pack's facts for doc).\n"
    "\n"
    "options:\n"
    "  -p, --pack PACK     the pack behind `pack` and extract(doc)\n"
    "  -o, --output OUT    .jsonl (default: JSON Lines on standard output)\n"
    "                      or .csv (a .db store holds facts of run only)\n"
    "      --allow-io      give this script Lua's io and os libraries\n"
    "      --encoding ENC  input encoding for every document (default auto)\n"
    "      --no-progress   no progress line (on a terminal, a run longer\n"
    "                      than a second shows one on stderr)\n"
    "  -h, --help          print this help\n"
    "\n"
    "Sandbox: no io, os, debug or package; memory, instruction and output\n"
    "limits per document. A failing document is reported (SCRIPT:line and\n"
    "the document) and the run goes on. Exit status: 0 all documents read,\n"
    "1 some failed, 2 bad usage or a script or pack that does not load.\n";


/* Skip callback: a line on stderr. ud: the progress line. */
static void report_skip(void *ud, const char *name, const char *why) {
  hs_progress_clear(ud);
  fprintf(stderr, "%s: skipped (%s)\n", name, why);
}

typedef struct exec_opts {
  const char *pack, *out, *encoding, *script;
  int allow_io, help, no_progress;
  const char **paths;
  size_t npaths;
} exec_opts;

static int parse(int argc, char **argv, exec_opts *o) {
  memset(o, 0, sizeof *o);
  o->paths = calloc((size_t)argc, sizeof *o->paths);
  if (o->paths == NULL) return HS_EXIT_USAGE;
  int only_paths = 0;
  for (int i = 2; i < argc; i++) {
    const char *a = argv[i];
    const char **dst = NULL;
    if (only_paths || a[0] != '-' || strcmp(a, "-") == 0) {
      if (o->script == NULL)
        o->script = a;
      else
        o->paths[o->npaths++] = a;
      continue;
    }
    if (strcmp(a, "--") == 0) {
      only_paths = 1;
    } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
      o->help = 1;
    } else if (strcmp(a, "--allow-io") == 0) {
      o->allow_io = 1;
    } else if (strcmp(a, "--no-progress") == 0) {
      o->no_progress = 1;
    } else if (strcmp(a, "-p") == 0 || strcmp(a, "--pack") == 0) {
      dst = &o->pack;
    } else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) {
      dst = &o->out;
    } else if (strcmp(a, "--encoding") == 0) {
      dst = &o->encoding;
    } else {
      fprintf(stderr, "hanscan exec: unknown option '%s' (see --help)\n", a);
      return HS_EXIT_USAGE;
    }
    if (dst != NULL) {
      if (i + 1 >= argc) {
        fprintf(stderr, "hanscan exec: option '%s' needs a value\n", a);
        return HS_EXIT_USAGE;
      }
      *dst = argv[++i];
    }
  }
  if (o->encoding != NULL && !hs_decode_encoding_ok(o->encoding)) {
    fprintf(stderr, "hanscan exec: unsupported encoding '%s'\n", o->encoding);
    return HS_EXIT_USAGE;
  }
  return 0;
}

int hs_cli_exec(int argc, char **argv) {
  exec_opts o;
  int code = parse(argc, argv, &o);
  char *data = NULL, *pack = NULL;
  hs_engine *e = NULL;
  hs_source *src = NULL;
  FILE *out = NULL;
  hs_doc doc;
  hs_doc_init(&doc);
  hs_text t;
  hs_text_init(&t);
  hs_buf rows;
  hs_buf_init(&rows);
  size_t ndocs = 0, nrows = 0, nfailed = 0;
  double bytes = 0, t0 = hs_cli_now();
  hs_progress progress;
  hs_progress_init(&progress, !o.no_progress, t0, "hanscan exec", "rows");
  if (code != 0) goto done;
  if (o.help) {
    fputs(usage_exec, stdout);
    goto done;
  }
  code = HS_EXIT_USAGE;
  if (o.script == NULL || o.npaths == 0) {
    fprintf(stderr, "hanscan exec: give a SCRIPT.lua and at least one PATH "
                    "(see hanscan exec --help)\n");
    goto done;
  }
  hs_format fmt;
  const char *why = NULL;
  if (hs_output_format_for(o.out, &fmt, &why) != HS_OK) {
    fprintf(stderr, "hanscan exec: %s: %s\n", o.out, why);
    goto done;
  }
  if (fmt == HS_FMT_DB) {
    fprintf(stderr,
            "hanscan exec: %s: rows of a script go to .jsonl or .csv; a "
            ".db/.sqlite store holds the facts of hanscan run\n",
            o.out);
    goto done;
  }
  data = hs_cli_data_dir();
  if (data == NULL || (pack = hs_cli_find_pack(o.pack, data)) == NULL)
    goto done;
  if ((e = hs_cli_engine("exec", data, pack, NULL)) == NULL) goto done;
  if (hs_engine_load_script(e, o.script, o.allow_io) != HS_OK) {
    fprintf(stderr, "hanscan exec: cannot load script: %s\n",
            hs_engine_errmsg(e));
    goto done;
  }
  if (o.out != NULL && strcmp(o.out, "-") != 0) {
    out = fopen(o.out, "w");
    if (out == NULL) {
      fprintf(stderr, "hanscan exec: %s: %s\n", o.out, strerror(errno));
      goto done;
    }
  }
  FILE *f = out != NULL ? out : stdout;
  if (hs_source_new(&src, o.paths, o.npaths, NULL, report_skip, &progress) !=
      HS_OK) {
    fprintf(stderr, "hanscan exec: out of memory\n");
    code = HS_EXIT_FAILED;
    goto done;
  }
  int ok = 1;
  hs_status rc;
  while ((rc = hs_source_next(src, &doc)) != HS_DONE) {
    const char *name = doc.name ? doc.name : "?";
    hs_progress_tick(&progress, ndocs, nrows, nfailed, bytes);
    ndocs++;
    if (rc != HS_OK) {
      hs_progress_clear(&progress);
      fprintf(stderr, "%s: %s\n", name, hs_source_errmsg(src));
      nfailed++;
      continue;
    }
    bytes += (double)doc.data.len;
    hs_decode_opts dopts = {o.encoding, doc.format, name, HS_NORM_ALL, 0};
    rc = hs_text_decode_opts(&t, doc.data.data, doc.data.len, &dopts);
    if (rc != HS_OK || t.replaced > 0) hs_progress_clear(&progress);
    if (rc != HS_OK) {
      fprintf(stderr, "%s: %s\n", name, t.msg);
      nfailed++;
      continue;
    }
    if (t.replaced > 0)
      fprintf(stderr, "%s: warning: %zu undecodable bytes replaced by U+FFFD\n",
              name, t.replaced);
    size_t n = 0;
    hs_buf_reset(&rows);
    rc = hs_engine_exec(e, name, &t, fmt, &rows, &n);
    if (rc != HS_OK) hs_progress_clear(&progress);
    if (rc == HS_ENOMEM) {
      fprintf(stderr, "hanscan exec: out of memory\n");
      ok = 0;
      break;
    }
    if (rc != HS_OK) {
      fprintf(stderr, "%s: %s\n", name, hs_engine_errmsg(e));
      nfailed++;
    }
    nrows += n;
    if (rows.len > 0 && fwrite(rows.data, 1, rows.len, f) != rows.len) ok = 0;
  }
  hs_progress_clear(&progress);
  if (fflush(f) != 0 || ferror(f)) {
    fprintf(stderr, "hanscan exec: error writing %s\n", o.out ? o.out : "-");
    ok = 0;
  }
  code = ok && nfailed == 0 ? HS_EXIT_OK : HS_EXIT_FAILED;
  fprintf(stderr,
          "hanscan exec: %zu documents, %zu rows, %zu failed, %.2f MB, "
          "%.2f s\n",
          ndocs, nrows, nfailed, bytes / 1e6, hs_cli_now() - t0);
done:
  if (out != NULL && fclose(out) != 0 && code == HS_EXIT_OK)
    code = HS_EXIT_FAILED;
  hs_source_free(src);
  hs_doc_close(&doc);
  hs_text_close(&t);
  hs_buf_close(&rows);
  hs_engine_free(e);
  free(pack);
  free(data);
  free(o.paths);
  return code;
}
