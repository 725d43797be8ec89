# bench/common.sh: helpers sourced by bench/imap and bench/daemon-noop (not run by itself).
#
#   asuser CMD...              run CMD as $BENCH_USER (mstest)
#   freeze_build CHECKOUT DEST copy CHECKOUT's launcher, target/mailsync.jar, target/lib and the
#                              demo stores its start-up archive is trained on into DEST, owned by
#                              $BENCH_USER, and record the archive there once (untimed). The
#                              benchmark then runs DEST/mailsync: a `mvn package` of another
#                              engineer during the run can neither swap the jar under it nor
#                              make the launcher rebuild or re-record its archive in a timed step.
#   count_msgs ROOT            message files in the cur/ and new/ directories below ROOT
#   count_ids ROOT             distinct bench Message-IDs among them (less than count_msgs:
#                              duplicates)
BENCH_USER=${BENCH_USER:-mstest}
CLEAN_ENV=(env -i USER="$BENCH_USER" LOGNAME="$BENCH_USER" PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8)

asuser() { setpriv --reuid="$BENCH_USER" --regid="$BENCH_USER" --init-groups "$@"; }

freeze_build() {
    local src=$1 dst=$2
    if [ ! -f "$src/target/mailsync.jar" ]; then
        echo "no $src/target/mailsync.jar: build it first (cd $src && mvn -o -q -DskipTests -DbuildDir=target package)" >&2
        return 1
    fi
    if [ -n "$(find "$src/src/main" "$src/routes" "$src/pom.xml" -newer "$src/target/mailsync.jar" -print -quit 2>/dev/null)" ]; then
        echo "note: sources in $src are newer than its target/mailsync.jar; measuring the jar as built" >&2
    fi
    rm -rf "$dst"
    mkdir -p "$dst/target" "$dst/config"
    cp -p "$src/mailsync" "$dst/"
    cp -p "$src/target/mailsync.jar" "$dst/target/"
    cp -rp "$src/target/lib" "$dst/target/"
    cp -rp "$src/config/demo" "$dst/config/"
    chown -R "$BENCH_USER": "$dst"
    # the launcher's one training run per build (3-5 s), so that no timed step pays for it
    ( cd "$dst" && asuser "${CLEAN_ENV[@]}" HOME="$dst" "$dst/mailsync" -h >/dev/null 2>&1 ) || true
    if ! ls "$dst"/target/mailsync-*.jsa.ok >/dev/null 2>&1; then
        echo "note: no start-up archive was recorded in $dst/target" >&2
    fi
}

count_msgs() {  # (a missing ROOT counts 0)
    { find "$1" -type f \( -path '*/cur/*' -o -path '*/new/*' \) 2>/dev/null || true; } | wc -l
}

count_ids() {
    { find "$1" -type f \( -path '*/cur/*' -o -path '*/new/*' \) -print0 2>/dev/null || true; } |
        { xargs -0 -r grep -hi -m1 '^Message-ID: <bench\.' || true; } | tr -d '\r' | sort -u | wc -l
}
