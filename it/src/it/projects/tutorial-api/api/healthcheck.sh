#!/bin/sh
# A helper the image keeps executable.
echo "api is up"
