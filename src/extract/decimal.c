/* SPDX-License-Identifier: MIT */
#include "extract.h"
