/* SPDX-License-Identifier: MIT */
/*
 * Exact decimals (lua/hanscan/decimal.lua): see decimal.h. Every function
 * normalizes its inputs first, then works on the digit strings.
 */
#include "decimal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define ISDIGIT(c) ((unsigned)((unsigned char)(c) - '0') < 10u)

enum { NORM_OK = 1, NORM_BAD = 0, NORM_LONG = -1 };

/* decimal.norm into out[cap]: NORM_BAD when in[0, n) is no decimal,
 * NORM_LONG when the result needs more than cap - 1 bytes. */
static int norm(const char *in, size_t n, char *out, size_t cap) {
  size_t i = 0;
  bool neg = false;
  if (i < n && (in[i] == '+' || in[i] == '-')) neg = in[i++] == '-';
  size_t ib = i;
  while (i < n && ISDIGIT(in[i]))
    i++;
  size_t ie = i;
  if (i < n && in[i] == '.') i++;
  size_t fb = i;
  while (i < n && ISDIGIT(in[i]))
    i++;
  size_t fe = i;
  if (i != n || (ib == ie && fb == fe)) return NORM_BAD;
  while (ib < ie && in[ib] == '0')
    ib++;
  while (fe > fb && in[fe - 1] == '0')
    fe--;
  if (ib == ie && fb == fe) { /* zero: never signed */
    if (cap < 2) return NORM_LONG;
    out[0] = '0', out[1] = '\0';
    return NORM_OK;
  }
  size_t len =
      (neg ? 1 : 0) + (ib == ie ? 1 : ie - ib) + (fe > fb ? 1 + (fe - fb) : 0);
  if (len >= cap) return NORM_LONG;
  char *o = out;
  if (neg) *o++ = '-';
  if (ib == ie)
    *o++ = '0';
  else
    memcpy(o, in + ib, ie - ib), o += ie - ib;
  if (fe > fb) {
    *o++ = '.';
    memcpy(o, in + fb, fe - fb), o += fe - fb;
  }
  *o = '\0';
  return NORM_OK;
}

bool hs_dec_norm(const char *in, size_t n, char out[HS_DEC_MAX]) {
  return norm(in, n, out, HS_DEC_MAX) == NORM_OK;
}

/* A normalized decimal split into sign, integer digits and fraction. */
typedef struct parts {
  bool neg;
  const char *i, *f;
  size_t ni, nf;
} parts;

static void split(const char *x, parts *p) {
  p->neg = x[0] == '-';
  if (p->neg) x++;
  p->i = x;
  const char *dot = strchr(x, '.');
  p->ni = dot ? (size_t)(dot - x) : strlen(x);
  p->f = dot ? dot + 1 : x + p->ni;
  p->nf = strlen(p->f);
}

bool hs_dec_shift(const char *in, int k, char out[HS_DEC_MAX]) {
  char x[HS_DEC_MAX];
  if (!hs_dec_norm(in, strlen(in), x)) return false;
  parts p;
  split(x, &p);
  /* D = int .. frac, L digits; the point moves from ni to ni + k. Digit j
   * of the shifted number is D[j] for 0 <= j < L, else '0'. */
  long long L = (long long)(p.ni + p.nf), point = (long long)p.ni + k;
#define DIG(j) ((j) < (long long)p.ni ? p.i[j] : p.f[(j) - (long long)p.ni])
  long long a = 0, b = L - 1;
  while (a < L && DIG(a) == '0')
    a++;
  if (a == L) {
    out[0] = '0', out[1] = '\0';
    return true;
  }
  while (DIG(b) == '0')
    b--;
  long long len = (p.neg ? 1 : 0) + (a < point ? point - a : 1) +
                  (b >= point ? 1 + (b - point + 1) : 0);
  if (len >= HS_DEC_MAX) return false;
  char *o = out;
  if (p.neg) *o++ = '-';
  if (a < point)
    for (long long j = a; j < point; j++)
      *o++ = j < L ? DIG(j) : '0';
  else
    *o++ = '0';
  if (b >= point) {
    *o++ = '.';
    for (long long j = point; j <= b; j++)
      *o++ = j >= 0 ? DIG(j) : '0';
  }
#undef DIG
  *o = '\0';
  return true;
}

void hs_dec_neg(const char *in, char out[HS_DEC_MAX]) {
  char x[HS_DEC_MAX];
  if (!hs_dec_norm(in, strlen(in), x)) {
    out[0] = '\0';
    return;
  }
  if (strcmp(x, "0") == 0 || x[0] == '-') {
    strcpy(out, x[0] == '-' ? x + 1 : x);
    return;
  }
  size_t n = strlen(x);
  if (n + 1 >= HS_DEC_MAX) {
    out[0] = '\0';
    return;
  }
  out[0] = '-';
  memcpy(out + 1, x, n + 1);
}

/* Room for two aligned magnitudes of HS_DEC_MAX digits, a carry, a sign
 * and a point. */
#define WIDE (2 * HS_DEC_MAX + 8)

bool hs_dec_add(const char *x, const char *y, char out[HS_DEC_MAX]) {
  char nx[HS_DEC_MAX], ny[HS_DEC_MAX];
  if (!hs_dec_norm(x, strlen(x), nx) || !hs_dec_norm(y, strlen(y), ny))
    return false;
  parts px, py;
  split(nx, &px);
  split(ny, &py);
  /* |x| and |y| as digit strings of equal length n with `scale` decimals */
  size_t scale = px.nf > py.nf ? px.nf : py.nf;
  size_t ni = px.ni > py.ni ? px.ni : py.ni, n = ni + scale;
  char a[WIDE], b[WIDE], d[WIDE + 1];
  for (size_t j = 0; j < n; j++) {
    /* j < ni: integer digit ni - 1 - j from the right of the point */
    if (j < ni) {
      size_t ra = ni - j; /* digits from here to the point */
      a[j] = ra <= px.ni ? px.i[px.ni - ra] : '0';
      b[j] = ra <= py.ni ? py.i[py.ni - ra] : '0';
    } else {
      size_t fj = j - ni;
      a[j] = fj < px.nf ? px.f[fj] : '0';
      b[j] = fj < py.nf ? py.f[fj] : '0';
    }
  }
  bool neg;
  const char *hi = a, *lo = b;
  int sub = px.neg != py.neg;
  if (!sub)
    neg = px.neg;
  else if (memcmp(a, b, n) >= 0)
    neg = px.neg;
  else
    neg = py.neg, hi = b, lo = a;
  /* d[0] is the carry digit; d[1..n] the sum or difference */
  int carry = 0;
  for (size_t j = n; j-- > 0;) {
    int v = sub ? (hi[j] - '0') - (lo[j] - '0') - carry
                : (hi[j] - '0') + (lo[j] - '0') + carry;
    if (sub)
      carry = v < 0, v += v < 0 ? 10 : 0;
    else
      carry = v >= 10, v -= v >= 10 ? 10 : 0;
    d[j + 1] = (char)('0' + v);
  }
  d[0] = '1';
  const char *digits = carry && !sub ? d : d + 1;
  size_t nd = n + (carry && !sub ? 1 : 0), nint = nd - scale;
  char t[WIDE + 4], *o = t;
  if (neg) *o++ = '-';
  if (nint == 0)
    *o++ = '0';
  else
    memcpy(o, digits, nint), o += nint;
  if (scale > 0) {
    *o++ = '.';
    memcpy(o, digits + nint, scale), o += scale;
  }
  return norm(t, (size_t)(o - t), out, HS_DEC_MAX) == NORM_OK;
}

bool hs_dec_percent_v(double v, char out[HS_DEC_MAX]) {
  if (v == floor(v) && fabs(v) < 1e15) {
    snprintf(out, HS_DEC_MAX, "%lld", (long long)v);
    return true;
  }
  char buf[512]; /* "%.4f" of DBL_MAX: 309 digits and 5 more */
  int len = snprintf(buf, sizeof buf, "%.4f", v);
  if (len < 0 || (size_t)len >= sizeof buf) return false;
  int r = norm(buf, (size_t)len, out, HS_DEC_MAX);
  if (r == NORM_BAD) strcpy(out, "0"); /* inf, nan */
  return r != NORM_LONG;
}

bool hs_dec_percent(long long num, long long den, char out[HS_DEC_MAX]) {
  /* Lua integers wrap around: 100 * num in 64-bit two's complement */
  long long m = (long long)((unsigned long long)num * 100u);
  if (den == 0) { /* inf or nan in the Lua */
    strcpy(out, "0");
    return true;
  }
  return hs_dec_percent_v((double)m / (double)den, out);
}
