#!/usr/bin/env bash
# PLACEHOLDER: written by its owner this session.
echo "1..0 # SKIP not written yet"
