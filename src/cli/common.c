/* SPDX-License-Identifier: MIT */
/*
 * Helpers shared by the cli commands: where the data (lua/, rules/) lives,
 * how -p PACK becomes a pack folder (a folder path, or a name on the pack
 * search path), an engine with a pack loaded, whole-file reads and the
 * display width of CJK text for aligned tables.
 */
#define _GNU_SOURCE
#include "cmd.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

#ifndef HS_SOURCE_DIR
#define HS_SOURCE_DIR "."
#endif

static int is_dir(const char *p) {
  struct stat st;
  return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static int is_file(const char *p) {
  struct stat st;
  return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

char *hs_cli_data_dir(void) {
  const char *home = getenv("HANSCAN_HOME");
  if (home != NULL && *home != '\0') return strdup(home);
  char exe[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n > 0) {
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (slash != NULL) {
      *slash = '\0';
      char *d = NULL, *probe = NULL;
      if (asprintf(&d, "%s/../share/hanscan", exe) < 0) d = NULL;
      if (d != NULL && asprintf(&probe, "%s/lua/hanscan", d) < 0) probe = NULL;
      int ok = probe != NULL && is_dir(probe);
      free(probe);
      if (ok) return d;
      free(d);
    }
  }
  return strdup(HS_SOURCE_DIR);
}

/* Appends <folder>/<name> to `tried` and returns it if it holds pack.lua
 * (owned), else NULL. */
static char *try_folder(const char *folder, const char *name, hs_buf *tried) {
  char *dir = NULL, *manifest = NULL;
  if (asprintf(&dir, "%s/%s", folder, name) < 0) return NULL;
  if (asprintf(&manifest, "%s/pack.lua", dir) < 0) {
    free(dir);
    return NULL;
  }
  int ok = is_file(manifest);
  free(manifest);
  if (ok) return dir;
  hs_buf_printf(tried, "\n  %s", dir);
  free(dir);
  return NULL;
}

char *hs_cli_find_pack(const char *pack, const char *data) {
  if (pack == NULL) pack = "devzone";
  if (is_dir(pack)) return strdup(pack);
  if (strchr(pack, '/') != NULL || *pack == '\0' || *pack == '.') {
    fprintf(stderr, "hanscan: pack '%s' not found (not a folder)\n", pack);
    return NULL;
  }
  hs_buf tried;
  hs_buf_init(&tried);
  char *found = NULL;
  const char *env = getenv("HANSCAN_PACKS");
  if (env != NULL && *env != '\0') {
    char *list = strdup(env), *save = NULL;
    for (char *f = list ? strtok_r(list, ":", &save) : NULL;
         f != NULL && found == NULL; f = strtok_r(NULL, ":", &save))
      found = try_folder(f, pack, &tried);
    free(list);
  }
  const char *home = getenv("HOME");
  if (found == NULL && home != NULL && *home != '\0') {
    char *user = NULL;
    if (asprintf(&user, "%s/.local/share/hanscan/rules", home) >= 0) {
      found = try_folder(user, pack, &tried);
      free(user);
    }
  }
  if (found == NULL && data != NULL) {
    char *rules = NULL;
    if (asprintf(&rules, "%s/rules", data) >= 0) {
      found = try_folder(rules, pack, &tried);
      free(rules);
    }
  }
  if (found == NULL)
    fprintf(stderr,
            "hanscan: pack '%s' not found (not a folder; no pack.lua in:%s)\n",
            pack, hs_buf_cstr(&tried));
  hs_buf_close(&tried);
  return found;
}

hs_engine *hs_cli_engine(const char *cmd, const char *data,
                         const char *pack_dir, const hs_limits *limits) {
  char *lua_dir = NULL;
  hs_engine *e = NULL;
  if (asprintf(&lua_dir, "%s/lua", data) < 0) lua_dir = NULL;
  if (lua_dir == NULL || hs_engine_new(&e, limits, lua_dir) != HS_OK) {
    fprintf(stderr, "hanscan %s: cannot create a Lua state\n", cmd);
    free(lua_dir);
    return NULL;
  }
  free(lua_dir);
  if (pack_dir != NULL && hs_engine_load_pack(e, pack_dir) != HS_OK) {
    fprintf(stderr, "hanscan %s: cannot load pack %s: %s\n", cmd, pack_dir,
            hs_engine_errmsg(e));
    hs_engine_free(e);
    return NULL;
  }
  return e;
}

hs_status hs_cli_read_file(const char *path, hs_buf *b) {
  FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
  if (f == NULL) return HS_EIO;
  hs_status rc = HS_OK;
  char chunk[65536];
  size_t n;
  while (rc == HS_OK && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
    rc = hs_buf_append(b, chunk, n);
  int err = ferror(f);
  if (f != stdin) fclose(f);
  if (rc == HS_OK && err) {
    errno = EIO;
    rc = HS_EIO;
  }
  return rc;
}

size_t hs_cli_parse_size(const char *v) {
  char *end;
  errno = 0;
  unsigned long long n = strtoull(v, &end, 10);
  if (errno != 0 || end == v || n == 0) return 0;
  unsigned shift = 0;
  switch (*end) {
    case 'k':
    case 'K':
      shift = 10;
      end++;
      break;
    case 'm':
    case 'M':
      shift = 20;
      end++;
      break;
    case 'g':
    case 'G':
      shift = 30;
      end++;
      break;
    default: break;
  }
  if (*end == 'i' || *end == 'B') end++;
  if (*end == 'B') end++;
  if (*end != '\0' || n > ((unsigned long long)SIZE_MAX >> 2) >> shift)
    return 0;
  return (size_t)(n << shift);
}

/* Decodes one UTF-8 character at s; returns its length (1 for a bad byte). */
static size_t next_cp(const unsigned char *s, uint32_t *cp) {
  if (s[0] < 0x80) {
    *cp = s[0];
    return 1;
  }
  size_t n = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC0 ? 2 : 1;
  uint32_t c = n == 4 ? s[0] & 0x07u : n == 3 ? s[0] & 0x0Fu : s[0] & 0x1Fu;
  for (size_t i = 1; i < n; i++) {
    if ((s[i] & 0xC0) != 0x80) {
      *cp = 0xFFFD;
      return 1;
    }
    c = (c << 6) | (s[i] & 0x3Fu);
  }
  *cp = n == 1 ? 0xFFFD : c;
  return n;
}

size_t hs_cli_width(const char *s) {
  size_t w = 0;
  const unsigned char *p = (const unsigned char *)s;
  while (*p) {
    uint32_t c;
    p += next_cp(p, &c);
    int wide = (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF) ||
               (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
               (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
               (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x20000 && c <= 0x3FFFD);
    w += wide ? 2 : 1;
  }
  return w;
}

double hs_cli_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
