/* PLACEHOLDER: written by its owner this session. */
#include "records.h"
