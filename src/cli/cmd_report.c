/* SPDX-License-Identifier: MIT */
/*
 * hanscan report SCRIPT FACTS... [-o OUT]: a report script over stored
 * facts. FACTS files (.db/.sqlite, .jsonl, .csv; read by the output
 * module's hs_reader) become one fact set; the script, a .lua file or a
 * bundled report, writes Markdown (default, standard output), CSV or HTML
 * through the engine's capped writer. A file named by -o is written under
 * a temporary name and renamed when the report succeeds, so a failing
 * script never leaves half a report behind.
 */
#define _GNU_SOURCE
#include "cmd.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../output/output.h"
#include "cli.h"

#define HS_REPORT_OUT_MAX ((size_t)256 << 20)

static const char usage_report[] =
    "usage: hanscan report [-o OUT] [--max-output SIZE] SCRIPT FACTS...\n"
    "\n"
    "Runs a report script over stored facts and writes Markdown (default,\n"
    "on standard output), CSV, or a self-contained HTML page with inline\n"
    "SVG charts (no network, no JavaScript).\n"
    "\n"
    "SCRIPT  a .lua file that returns function(facts, out), or the name of\n"
    "        a bundled report:\n"
    "          scorecard  each zone's indicators by period, level and growth\n"
    "          mu         亩均效益: output, tax, investment per mu; A/B/C/D\n"
    "          rank       赛马: zones ranked by weighted indicators\n"
    "          projects   projects signed, started, completed, and rates\n"
    "FACTS   files written by hanscan run: .db/.sqlite (the store), .jsonl\n"
    "        (- for standard input), .csv (the header row names the\n"
    "        fields); several are read in the order given\n"
    "\n"
    "options:\n"
    "  -o, --output OUT      .md/.markdown, .csv or .html/.htm; default:\n"
    "                        Markdown on standard output\n"
    "      --max-output SIZE what the report may write (default 256M)\n"
    "  -h, --help            print this help\n"
    "\n"
    "In the script, facts is a hanscan.facts set: facts:filter{indicator =\n"
    "\"tax\"}, :group(\"zone\"), :values(field), :latest(), :sum(),\n"
    ":pivot(rows, cols); facts.list holds the records (string fields, value\n"
    "an exact decimal string, offset an integer). out.format is \"md\",\n"
    "\"csv\" or \"html\" and out:write(s) writes; hanscan.report builds\n"
    "tables, bar and line charts and writes them in out.format. The script\n"
    "runs sandboxed like a pack (no io, os; memory, time and output limits).\n"
    "\n"
    "Exit status: 0 written; 1 the script failed (SCRIPT:line on stderr) or\n"
    "a FACTS file is malformed (FILE:line); 2 bad usage, a FACTS file that\n"
    "cannot be opened, or a script that does not load.\n";

typedef struct report_opts {
  const char *out, *script;
  size_t max_output;
  int help;
  const char **facts;
  size_t nfacts;
} report_opts;

static int parse(int argc, char **argv, report_opts *o) {
  memset(o, 0, sizeof *o);
  o->max_output = HS_REPORT_OUT_MAX;
  o->facts = calloc((size_t)argc, sizeof *o->facts);
  if (o->facts == NULL) return HS_EXIT_USAGE;
  int only_paths = 0;
  for (int i = 2; i < argc; i++) {
    const char *a = argv[i];
    if (only_paths || a[0] != '-' || strcmp(a, "-") == 0) {
      if (o->script == NULL)
        o->script = a;
      else
        o->facts[o->nfacts++] = a;
      continue;
    }
    if (strcmp(a, "--") == 0) {
      only_paths = 1;
      continue;
    }
    if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
      o->help = 1;
      continue;
    }
    int is_out = strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0;
    int is_max = strcmp(a, "--max-output") == 0;
    if (!is_out && !is_max) {
      fprintf(stderr, "hanscan report: unknown option '%s' (see --help)\n", a);
      return HS_EXIT_USAGE;
    }
    if (i + 1 >= argc) {
      fprintf(stderr, "hanscan report: option '%s' needs a value\n", a);
      return HS_EXIT_USAGE;
    }
    const char *v = argv[++i];
    if (is_out) {
      o->out = v;
    } else if ((o->max_output = hs_cli_parse_size(v)) == 0) {
      fprintf(stderr, "hanscan report: --max-output needs a size such as "
                      "256M\n");
      return HS_EXIT_USAGE;
    }
  }
  return 0;
}

/* "md", "csv" or "html" for OUT's extension (NULL or "-": md), or NULL. */
static const char *format_for(const char *out) {
  if (out == NULL || strcmp(out, "-") == 0) return "md";
  const char *slash = strrchr(out, '/');
  const char *dot = strrchr(slash ? slash : out, '.');
  if (dot == NULL) return NULL;
  if (strcmp(dot, ".md") == 0 || strcmp(dot, ".markdown") == 0) return "md";
  if (strcmp(dot, ".csv") == 0) return "csv";
  if (strcmp(dot, ".html") == 0 || strcmp(dot, ".htm") == 0) return "html";
  return NULL;
}

static hs_status write_file(void *ud, const char *p, size_t n) {
  return fwrite(p, 1, n, (FILE *)ud) == n ? HS_OK : HS_EIO;
}

/* Reads every record of one FACTS file into the engine. Returns 0 or an
 * exit status after reporting why; *count is increased per record. */
static int load_facts(hs_engine *e, const char *path, size_t *count) {
  char why[400];
  hs_reader *r = NULL;
  hs_status rc = hs_reader_open(&r, path, why, sizeof why);
  if (rc != HS_OK) {
    fprintf(stderr, "hanscan report: %s\n", why);
    return rc == HS_ENOMEM ? HS_EXIT_FAILED : HS_EXIT_USAGE;
  }
  int code = 0;
  const hs_field *f;
  size_t n;
  while ((rc = hs_reader_next(r, &f, &n)) == HS_OK) {
    if (n == 0) continue;
    rc = hs_engine_report_add(e, f, n);
    if (rc != HS_OK) {
      fprintf(stderr, "hanscan report: %s: %s\n", path, hs_engine_errmsg(e));
      code = HS_EXIT_FAILED;
      break;
    }
    (*count)++;
  }
  if (code == 0 && rc != HS_DONE) {
    fprintf(stderr, "hanscan report: %s\n", hs_reader_errmsg(r));
    code = HS_EXIT_FAILED;
  }
  hs_reader_free(r);
  return code;
}

int hs_cli_report(int argc, char **argv) {
  report_opts o;
  int code = parse(argc, argv, &o);
  char *data = NULL, *part = NULL;
  hs_engine *e = NULL;
  FILE *out = NULL;
  size_t nfacts = 0, written = 0;
  if (code != 0) goto done;
  if (o.help) {
    fputs(usage_report, stdout);
    goto done;
  }
  code = HS_EXIT_USAGE;
  if (o.script == NULL || o.nfacts == 0) {
    fprintf(stderr, "hanscan report: give a SCRIPT and at least one FACTS "
                    "file (see hanscan report --help)\n");
    goto done;
  }
  const char *format = format_for(o.out);
  if (format == NULL) {
    fprintf(stderr,
            "hanscan report: %s: unsupported output extension (use .md, "
            ".csv or .html)\n",
            o.out);
    goto done;
  }
  data = hs_cli_data_dir();
  hs_limits lim = {HS_ENGINE_MEM_DEFAULT * 4, HS_ENGINE_INSTR_DEFAULT * 20, 0};
  if (data == NULL || (e = hs_cli_engine("report", data, NULL, &lim)) == NULL)
    goto done;
  if (hs_engine_load_report(e, o.script) != HS_OK) {
    fprintf(stderr, "hanscan report: cannot load %s: %s\n", o.script,
            hs_engine_errmsg(e));
    goto done;
  }
  for (size_t i = 0; i < o.nfacts; i++) {
    code = load_facts(e, o.facts[i], &nfacts);
    if (code != 0) goto done;
  }
  code = HS_EXIT_USAGE;
  if (o.out != NULL && strcmp(o.out, "-") != 0) {
    if (asprintf(&part, "%s.part", o.out) < 0) {
      part = NULL;
      goto done;
    }
    out = fopen(part, "wb");
    if (out == NULL) {
      fprintf(stderr, "hanscan report: %s: %s\n", part, strerror(errno));
      goto done;
    }
  }
  FILE *f = out != NULL ? out : stdout;
  hs_status rc =
      hs_engine_report_run(e, format, o.max_output, write_file, f, &written);
  code = HS_EXIT_FAILED;
  if (rc != HS_OK) {
    fprintf(stderr, "hanscan report: %s\n", hs_engine_errmsg(e));
    goto done;
  }
  if (fflush(f) != 0 || ferror(f)) {
    fprintf(stderr, "hanscan report: error writing %s\n", o.out ? o.out : "-");
    goto done;
  }
  if (out != NULL) {
    int bad = fclose(out) != 0;
    out = NULL;
    if (bad || rename(part, o.out) != 0) {
      fprintf(stderr, "hanscan report: %s: %s\n", o.out, strerror(errno));
      goto done;
    }
  }
  code = HS_EXIT_OK;
  fprintf(stderr,
          "hanscan report: %s: %zu facts from %zu files, %zu bytes%s%s\n",
          o.script, nfacts, o.nfacts, written, o.out ? " to " : "",
          o.out ? o.out : "");
done:
  if (out != NULL) fclose(out);
  if (code != HS_EXIT_OK && part != NULL) remove(part);
  free(part);
  hs_engine_free(e);
  free(data);
  free(o.facts);
  return code;
}
