/* SPDX-License-Identifier: MIT */
/*
 * Statistical tables as scraped pages carry them: lua/hanscan/tables.lua
 * (tables.find, cell_value) in C.
 *
 *   2024年1-9月主要经济指标
 *   单位:亿元、%
 *   指标名称 | 绝对额 | 同比增长
 *   规模以上工业总产值 | 286.5 | 12.4
 *
 * hs_tables_find(s, n, out) finds every table of a document, in text
 * order, exactly as tables.find(s) does with the default unit table
 * (hanscan.units without pack additions).
 *
 * Ownership and errors:
 * - `out` is caller-owned; zero it once (hs_tables t = {0}), then call
 *   hs_tables_find as often as wished (each call REPLACES the previous
 *   results and reuses their memory), and hs_tables_free at the end.
 * - Every pointer in the results (rows, cells, labels) points into memory
 *   owned by `out`, valid until the next hs_tables_find on it or
 *   hs_tables_free. unit and kind are static strings. Labels are also
 *   NUL-terminated.
 * - hs_tables_find returns false only when out of memory (out->len is
 *   then 0).
 * - Positions are 0-based byte offsets into s, ranges half-open (Lua's
 *   1-based s/e/title_s are these plus one). Values are exact decimals.
 * - Thread-safe: no mutable globals; every scratch buffer lives in `out`.
 *
 * A document without a table costs a few memchr and SSE2 passes (the gate
 * of tables.lua: |, tab, 单位, 指标, 同比(, (亿元), (万元), 项目 at a line
 * start); one with 单位 or 指标 in it adds a pass over its lines.
 *
 * Known differences from the Lua (numbers of 60 digits and more only):
 * a cell whose value (after the unit's scale) has more than
 * HS_DEC_MAX - 1 characters cannot be held and is left out of its row
 * (the Lua keeps it; the table's shape is the same); a unit text that
 * starts with such a number ("(1234…万元)") gives no unit, where the
 * Lua finds the unit after the number (hs_number_match cannot hold it).
 */
#ifndef HS_TABLES_H
#define HS_TABLES_H

#include "extract.h"

typedef struct hs_table_cell {
  char value[HS_DEC_MAX];  /* already shifted by the unit's scale */
  bool growth;             /* column == "growth" (else "level") */
  const char *unit, *kind; /* static strings */
  const char *label;       /* by_zone: the column's name; NULL if nil */
  size_t label_len;
} hs_table_cell;

typedef struct hs_table_row {
  size_t s, e;       /* byte range of the row (its line or lines) */
  const char *label; /* row label (brackets and colons made ASCII) */
  size_t label_len;
  hs_table_cell *cells;
  size_t ncells;
} hs_table_row;

typedef struct hs_table {
  size_t s, e;    /* from the units line or header to the last row's end */
  size_t title_s; /* start of the title (two lines above), if has_title */
  bool has_title;
  bool by_zone; /* zones in rows, indicators in columns */
  hs_table_row *rows;
  size_t nrows;
} hs_table;

typedef struct hs_tables_mem hs_tables_mem; /* internal */

typedef struct hs_tables {
  hs_table *items;
  size_t len, cap;
  hs_tables_mem *mem; /* internal: storage of rows, cells, labels */
} hs_tables;

/* false: out of memory. */
bool hs_tables_find(const char *s, size_t n, hs_tables *out);
void hs_tables_free(hs_tables *t);

/* tables.cell_value: HS_CELL_NUM with the exact decimal in out (when it
 * fits; HS_CELL_NUM with out = "" when it does not), HS_CELL_EMPTY for an
 * empty cell ("--", "—", "——", "-", "…", "/": Lua false), HS_CELL_NIL when
 * c is not a number. */
enum { HS_CELL_NIL = 0, HS_CELL_EMPTY = 1, HS_CELL_NUM = 2 };
int hs_tables_cell_value(const char *c, size_t n, char out[HS_DEC_MAX]);

#endif
