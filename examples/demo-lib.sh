# Sourced by each example's demo.sh: run athanor from this checkout and show each command before it runs.
athanor() { node ../../bin/athanor.js "$@"; }
step() { printf '\n\033[1m$ athanor %s\033[0m\n' "$*"; athanor "$@"; }
