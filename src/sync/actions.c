/* PLACEHOLDER: written by its owner this session. */
#include "actions.h"
