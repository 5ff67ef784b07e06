#!/bin/bash
# Manual conformance check of the npm clients the CI does not run (testkit/README.md, "API layers").
# Usage, from the project root after `mvn package`:
#   (cd testkit/src/test/node && npm install --no-save @mtproto/core@6.3.0 @mtcute/node@0.30.3 telegram@2.26.22)
#   testkit/src/test/node/run.sh testkit/src/test/node/mtproto-core.js
#   testkit/src/test/node/run.sh testkit/src/test/node/mtcute.mjs
#   testkit/src/test/node/run.sh testkit/src/test/node/gramjs.js
# Starts the testkit jar with the accounts the scripts expect, holds its stdin open, feeds its stdout (the
# JSON lines) into the script and exits with the script's status. TESTKIT overrides the command.
set -u
TESTKIT=${TESTKIT:-java -jar testkit/target/mtflux-testkit.jar}
dir=$(mktemp -d)
mkfifo "$dir/stdin" "$dir/stdout"
$TESTKIT --dcs 3 \
  --user phone=+15550001111,dc=2,first=Ann,last=Lee,password=hunter2,hint=pet,code=12345 \
  --user phone=+15550002222,dc=2,first=Cut,last=E,password=hunter2,hint=pet,code=54321 \
  --bot token=123456:AAE-secret,dc=2,first=Helper < "$dir/stdin" > "$dir/stdout" 2>"$dir/testkit.log" &
testkit=$!
exec 4> "$dir/stdin"
node "$@" < "$dir/stdout"
rc=$?
exec 4>&-
wait $testkit
rm -rf "$dir"
exit $rc
