# SPDX-License-Identifier: MIT
# The checks the shell tests share. Source it after setting $tmp (a
# scratch folder); each failing check prints "FAIL: what" and counts in
# $fails; the test exits non-zero when $fails is not 0.
#   check WHAT COMMAND...     run COMMAND; a non-zero status is a failure
#   status WANT COMMAND...    COMMAND's exit status is WANT; its stdout and
#                             stderr go to $tmp/out and $tmp/err
#   has TEXT [FILE]           $tmp/FILE (default out) holds TEXT
fails=0
check() { # check DESCRIPTION COMMAND...
  local what=$1
  shift
  if ! "$@"; then
    echo "FAIL: $what" >&2
    fails=$((fails + 1))
  fi
}
status() { # status WANT COMMAND... : the exit status is WANT
  local want=$1
  shift
  "$@" >"$tmp/out" 2>"$tmp/err"
  local got=$?
  [ "$got" -eq "$want" ] || {
    echo "  exit $got, want $want: $*" >&2
    tail -20 "$tmp/err" >&2
    return 1
  }
}
has() { grep -qF -- "$1" "$tmp/${2:-out}"; }
