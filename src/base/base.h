/* SPDX-License-Identifier: MIT */
/*
 * Public header of the base module: status codes (and the error and
 * ownership conventions, documented in status.h) and the byte buffer.
 */
#ifndef HS_BASE_H
#define HS_BASE_H

#include "buf.h"
#include "status.h"

#endif
