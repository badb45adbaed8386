#!/bin/sh
# The README's first command: run the bundled action locally on example/site — no
# registry, no cache service, no Docker. Three uses of the action, as a workflow would:
# ingest the site as an image, inspect it, unpack it again.
#
#   sh example/run.sh            # store under $TMPDIR/oci-store-example
#   STORE=./store sh example/run.sh
set -eu
cd "$(dirname "$0")/.."
STORE=${STORE:-${TMPDIR:-/tmp}/oci-store-example}
MAIN=${MAIN:-dist/main/index.js}
# Node 24 (the `node` devDependency after `npm ci`), else whatever node is on the PATH.
NODE=${NODE:-node_modules/.bin/node}
[ -x "$NODE" ] || NODE=node

echo "== ingest example/site as example:1 into $STORE"
INPUT_COMMAND=ingest INPUT_LAYERS='example/site:/srv' INPUT_TAGS='example:1' \
  INPUT_WORKDIR=/srv INPUT_LABELS='org.opencontainers.image.title=oci-store example' \
  INPUT_STORE="$STORE" "$NODE" "$MAIN"

echo "== inspect example:1"
INPUT_COMMAND=inspect INPUT_REF='example:1' INPUT_STORE="$STORE" "$NODE" "$MAIN"

echo "== unpack example:1 into $STORE.unpacked"
rm -rf "$STORE.unpacked"
INPUT_COMMAND=unpack INPUT_REF='example:1' INPUT_PATH="$STORE.unpacked" INPUT_STORE="$STORE" "$NODE" "$MAIN"
diff -r example/site "$STORE.unpacked/srv" && echo "== the unpacked tree equals example/site"
