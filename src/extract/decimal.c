/* SPDX-License-Identifier: MIT */
/*
 * Exact decimals (lua/hanscan/decimal.lua): see decimal.h. Every function
 * normalizes its inputs first, then works on the digit strings;
 * hs_dec_shift, on the path of every number read, first tries a single
 * pass for the common shapes ("614.13" by 8) and leaves the rest to the
 * general shift().
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

#if defined(__GNUC__)
#define NOINLINE __attribute__((noinline))
#else
#define NOINLINE
#endif

/* hs_dec_shift for any k: the general case (kept out of line, so that the
 * common case stays a small leaf) */
static NOINLINE bool shift(const char *in, int k, char out[HS_DEC_MAX]) {
  /* One pass over in: [+-]? int . frac, as norm checks it */
  const char *p = in;
  bool neg = false;
  if (*p == '+' || *p == '-') neg = *p++ == '-';
  const char *ib = p;
  while (ISDIGIT(*p))
    p++;
  const char *ie = p, *fb = p, *fe = p;
  if (*p == '.') {
    fb = ++p;
    while (ISDIGIT(*p))
      p++;
    fe = p;
  }
  if (*p != '\0' || (ib == ie && fb == fe)) return false;
  while (ib < ie && *ib == '0')
    ib++;
  while (fe > fb && fe[-1] == '0')
    fe--;
  long long ni = ie - ib, nf = fe - fb;
  if (ni == 0 && nf == 0) { /* zero: never signed */
    out[0] = '0', out[1] = '\0';
    return true;
  }
  /* the normalized input must fit, as decimal.norm's result does */
  if ((neg ? 1 : 0) + (ni ? ni : 1) + (nf ? 1 + nf : 0) >= HS_DEC_MAX)
    return false;
  /* D = int .. frac, L digits, first nonzero digit a, last nonzero b (int
   * has no leading zeros, frac no trailing ones); the point moves from ni
   * to ni + k. Digit j of the shifted number is D[j] for 0 <= j < L, else
   * '0'. */
  long long L = ni + nf, point = ni + k, a = 0, b = L - 1;
  if (ni == 0)
    while (fb[a] == '0')
      a++;
  if (nf == 0)
    while (ib[b] == '0')
      b--;
  long long len = (neg ? 1 : 0) + (a < point ? point - a : 1) +
                  (b >= point ? 1 + (b - point + 1) : 0);
  if (len >= HS_DEC_MAX) return false;
  char *o = out;
  if (neg) *o++ = '-';
  if (a < point) { /* D[a, point), zeros past L */
    long long j = a, m;
    for (m = (point < ni ? point : ni) - j; m > 0; m--)
      *o++ = ib[j++];
    for (m = (point < L ? point : L) - j; m > 0; m--, j++)
      *o++ = fb[j - ni];
    for (m = point - j; m > 0; m--)
      *o++ = '0';
  } else {
    *o++ = '0';
  }
  if (b >= point) { /* "." D[point, b], zeros before 0 */
    *o++ = '.';
    long long j = point, m;
    for (; j < 0; j++)
      *o++ = '0';
    for (m = (b + 1 < ni ? b + 1 : ni) - j; m > 0; m--)
      *o++ = ib[j++];
    for (; j <= b; j++)
      *o++ = fb[j - ni];
  }
  *o = '\0';
  return true;
}

bool hs_dec_shift(const char *in, int k, char out[HS_DEC_MAX]) {
  /* The common case here, anything else in shift(): -? int (. frac)?
   * with int starting in 1-9 and 0 <= k <= 30, written as it is read:
   * int, the first k digits of frac (zeros for those missing), then the
   * point and the rest of frac without trailing zeros. Past some 30
   * digits of int or when the buffer fills up, shift() decides. */
  const char *p = in;
  char *o = out, *const lim = out + HS_DEC_MAX - 1;
  if (*p == '-') *o++ = *p++;
  if ((unsigned)(*p - '1') > 8u || (unsigned)k > 30u) return shift(in, k, out);
  do
    *o++ = *p++;
  while (ISDIGIT(*p) && o < out + 32);
  int left = k; /* digits still to go before the point */
  if (*p == '.') {
    p++;
    for (; left > 0 && ISDIGIT(*p); left--) /* o stays below out + 63 */
      *o++ = *p++;
    if (ISDIGIT(*p)) { /* left == 0: the point and the rest */
      *o++ = '.';
      do {
        if (o >= lim) return shift(in, k, out);
        *o++ = *p++;
      } while (ISDIGIT(*p));
      if (*p != '\0') return shift(in, k, out);
      while (o[-1] == '0')
        o--;
      if (o[-1] == '.') o--;
      *o = '\0';
      return true;
    }
  }
  if (*p != '\0' || (size_t)(o - out) + (size_t)left >= HS_DEC_MAX)
    return shift(in, k, out);
  for (; left > 0; left--)
    *o++ = '0';
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
