# bench/dovecot.sh: a private Dovecot for the IMAP benchmarks (sourced by bench/imap and
# bench/daemon-noop, not run by itself). Like src/test/.../DovecotServer.java: its own config
# directory, /usr/sbin/dovecot -F -c <that config> on a free loopback port, users in a
# passwd-file (password "secret"), Maildir storage (Dovecot's default Maildir++ layout, "."
# as hierarchy delimiter), no TLS (both clients use plain IMAP on the loopback: /notls and
# SSLType None), stopped by its pid. Everything runs as $BENCH_USER (mstest): no root
# process, so login/internal users are that user too. The system's Dovecot is not touched.
#
#   dovecot_start DIR USER...   config and mail under DIR; sets DOVECOT_PORT, DOVECOT_PID,
#                               DOVECOT_MAIL (DOVECOT_MAIL/USER is a user's Maildir root)
#   dovecot_stop                SIGTERM to the master (its children follow), SIGKILL after 10 s
#   dovecot_wipe USER           remove a user's mail, indexes and subscriptions (the next login
#                               starts from an empty account); no session of USER may be open
# Rawlogs: Dovecot writes DIR/rawlog/USER/*.in|*.out (every IMAP line of a session) only when
# that directory exists; bench/daemon-noop creates it, bench/imap does not.
BENCH_USER=${BENCH_USER:-mstest}
DOVECOT_PASS=secret
DOVECOT_PID= DOVECOT_PORT= DOVECOT_MAIL= DOVECOT_DIR=

dovecot_start() {
    local dir=$1 u i
    shift
    DOVECOT_DIR=$dir DOVECOT_MAIL=$dir/mail
    mkdir -p "$dir/run" "$dir/mail" "$dir/rawlog"
    : >"$dir/passwd"
    for u in "$@"; do echo "$u:{PLAIN}$DOVECOT_PASS::::::" >>"$dir/passwd"; done
    DOVECOT_PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    cat >"$dir/dovecot.conf" <<EOF
base_dir = $dir/run
state_dir = $dir/run/state
log_path = $dir/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = $BENCH_USER
default_internal_group = $BENCH_USER
default_login_user = $BENCH_USER
mail_location = maildir:$dir/mail/%u
rawlog_dir = $dir/rawlog/%u
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $dir/passwd
}
userdb {
  driver = static
  args = uid=$BENCH_USER gid=$BENCH_USER home=$dir/mail/%u
}
# not root: no chroot (Dovecot's login and anvil processes chroot by default)
service anvil {
  chroot =
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = $DOVECOT_PORT
  }
  inet_listener imaps {
    port = 0
  }
}
EOF
    chown -R "$BENCH_USER": "$dir"
    setpriv --reuid="$BENCH_USER" --regid="$BENCH_USER" --init-groups \
        /usr/sbin/dovecot -F -c "$dir/dovecot.conf" >>"$dir/stdout.log" 2>&1 &
    DOVECOT_PID=$!
    local deadline=$((SECONDS + 20))
    while [ "$SECONDS" -lt "$deadline" ]; do  # up to 20 s for the greeting
        if ! kill -0 "$DOVECOT_PID" 2>/dev/null; then
            echo "dovecot exited:" >&2; cat "$dir/stdout.log" "$dir/dovecot.log" >&2 2>/dev/null
            DOVECOT_PID=; return 1
        fi
        if python3 - "$DOVECOT_PORT" <<'EOF' 2>/dev/null; then return 0; fi
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=1)
s.settimeout(2)
sys.exit(0 if s.recv(64).startswith(b"* OK") else 1)
EOF
        sleep 0.1
    done
    echo "dovecot did not greet on port $DOVECOT_PORT" >&2
    dovecot_stop
    return 1
}

dovecot_stop() {
    [ -n "$DOVECOT_PID" ] || return 0
    local i
    kill -TERM "$DOVECOT_PID" 2>/dev/null || true
    for i in $(seq 1 100); do
        kill -0 "$DOVECOT_PID" 2>/dev/null || break
        sleep 0.1
    done
    kill -0 "$DOVECOT_PID" 2>/dev/null && kill -KILL "$DOVECOT_PID" 2>/dev/null || true
    wait "$DOVECOT_PID" 2>/dev/null || true
    DOVECOT_PID=
}

dovecot_wipe() {
    rm -rf "${DOVECOT_MAIL:?}/$1"
}
