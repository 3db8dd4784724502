# shellcheck shell=bash
# Real mail servers on loopback for the email connector's tests. Source it; do not execute it.
#
#   start_mail_servers DIR       dovecot (IMAP, IMAPS, LMTP) and an SMTP sink, state and logs in DIR
#   stop_mail_servers DIR        stops both
#   seed_mail DIR FILE [RCPT]    delivers FILE unread through LMTP (to agent@example.org by default;
#                                agent+NAME@example.org lands in the mailbox NAME, created on demand)
#
# No systemd: dovecot runs from its own configuration file in DIR, the sink is a Python process
# (aiosmtpd from PyPI, in the project's virtualenv). Everything listens on 127.0.0.1 only.
#
# After start_mail_servers these are exported (ports can be preset through the same variables):
#   IMAP_TEST_HOST IMAP_TEST_PORT IMAPS_TEST_PORT IMAP_TEST_USER IMAP_TEST_PASSWORD IMAP_TEST_CA_FILE
#   LMTP_TEST_PORT SMTP_TEST_PORT SMTPS_TEST_PORT SMTP_TEST_MAILDIR
#
# The SMTP sink accepts any sender and recipient, AUTH PLAIN/LOGIN with the test user when offered
# (also without TLS: it is loopback only) and STARTTLS on SMTP_TEST_PORT, implicit TLS on
# SMTPS_TEST_PORT. Every message lands as exact bytes in $SMTP_TEST_MAILDIR/new/<id>.eml, its envelope
# (mail_from, rcpt_tos, helo, auth_user, tls) in $SMTP_TEST_MAILDIR/envelope/<id>.json, written
# before the message appears; each start empties it. Recipients that make it fail on purpose:
#   reject@example.org    550 5.1.1 mailbox unavailable     (permanent)
#   busy@example.org      451 4.3.0 mailbox busy, try later  (temporary)

_SB_MAIL_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/lib.sh
source "$_SB_MAIL_ROOT/scripts/lib.sh"

_SB_MAIL_USER_NAME=switchboard-mail
_SB_MAIL_AIOSMTPD="aiosmtpd>=1.4,<2"

# Prints "uid gid" of the account that owns the mailboxes: a system user made for it when we are
# root (dovecot refuses to deliver as root), the current user otherwise.
_sb_mail_owner() {
    if _sb_is_root; then
        if ! getent passwd "$_SB_MAIL_USER_NAME" >/dev/null; then
            log "creating system user $_SB_MAIL_USER_NAME for the test mailboxes"
            useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin \
                "$_SB_MAIL_USER_NAME"
        fi
        printf '%s %s\n' "$(id -u "$_SB_MAIL_USER_NAME")" "$(id -g "$_SB_MAIL_USER_NAME")"
    else
        printf '%s %s\n' "$(id -u)" "$(id -g)"
    fi
}

# Prints the folder for the mailboxes: DIR/maildir, or a folder under /var/tmp (symlinked from
# there) when the mail user cannot reach DIR, as with a checkout under /root.
_sb_mail_store() {
    local dir=$1 store=$1/maildir real
    if [ -L "$store" ]; then
        real=$(readlink -f "$store")
    elif ! _sb_is_root || (cd / && runuser -u "$_SB_MAIL_USER_NAME" -- test -x "$dir/."); then
        real=$store
    else
        real=/var/tmp/switchboard-mail/$(printf '%s' "$dir" | sha1sum | cut -c1-12)
        log "user $_SB_MAIL_USER_NAME cannot reach $dir; keeping the mailboxes in $real"
        ln -s "$real" "$store"
    fi
    mkdir -p "$real"
    if _sb_is_root; then
        chmod 755 "$(dirname "$real")"
        chown "$_SB_MAIL_USER_NAME:" "$real"
    fi
    printf '%s\n' "$real"
}

# A private CA and a certificate for localhost / 127.0.0.1 / ::1 signed by it, made once per DIR.
_sb_mail_certificates() {
    local tls=$1/tls
    [ -s "$tls/server.crt" ] && [ -s "$tls/ca.crt" ] && return 0
    ensure_packages openssl
    mkdir -p "$tls"
    log "generating a test CA and a server certificate in $tls"
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=Switchboard test CA" \
        -keyout "$tls/ca.key" -out "$tls/ca.crt" \
        -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
        2>/dev/null
    openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" \
        -keyout "$tls/server.key" -out "$tls/server.csr" 2>/dev/null
    printf '%s\n' "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1" \
        "basicConstraints=CA:FALSE" "extendedKeyUsage=serverAuth" >"$tls/server.ext"
    openssl x509 -req -in "$tls/server.csr" -CA "$tls/ca.crt" -CAkey "$tls/ca.key" -CAcreateserial \
        -days 3650 -extfile "$tls/server.ext" -out "$tls/server.crt" 2>/dev/null
    rm -f "$tls/server.csr" "$tls/server.ext"
    chmod 600 "$tls/ca.key" "$tls/server.key"
}

_sb_mail_dovecot_config() {
    local dir=$1 store=$2 uid=$3 gid=$4 internal login dh_line="" rootless=""
    if _sb_is_root; then
        internal=dovecot
        login=dovenull
    else
        # Without root everything runs as the current user, and nothing can chroot.
        internal=$(id -un)
        login=$internal
        rootless="default_internal_group = $(id -gn)
service imap-login {
  chroot =
}
service anvil {
  chroot =
}"
    fi
    [ -r /usr/share/dovecot/dh.pem ] && dh_line="ssl_dh = </usr/share/dovecot/dh.pem"
    printf '%s\n' "$IMAP_TEST_USER:{PLAIN}$IMAP_TEST_PASSWORD:$uid:$gid::$store/home::" >"$dir/users"
    cat >"$dir/dovecot.conf" <<EOF
# Made by scripts/mail-servers.sh for tests: loopback only, one user, mail in $store.
instance_name = switchboard-mail-$(printf '%s' "$dir" | sha1sum | cut -c1-8)
base_dir = $dir/run
state_dir = $dir/state
protocols = imap lmtp
listen = 127.0.0.1
log_path = $dir/dovecot.log
info_log_path = $dir/dovecot.log
default_internal_user = $internal
default_login_user = $login
first_valid_uid = $((uid < 500 ? uid : 500))
auth_failure_delay = 0
auth_mechanisms = plain login
auth_verbose = yes
disable_plaintext_auth = no
ssl = yes
ssl_cert = <$dir/tls/server.crt
ssl_key = <$dir/tls/server.key
ssl_min_protocol = TLSv1.2
$dh_line
mail_location = maildir:$store/%n
recipient_delimiter = +
lmtp_save_to_detail_mailbox = yes
lda_mailbox_autocreate = yes
# Only Return-Path is added on delivery, so a fetched message is the seeded one plus that line.
lmtp_add_received_header = no
lmtp_hdr_delivery_address = none
postmaster_address = postmaster@example.org
passdb {
  driver = passwd-file
  args = scheme=PLAIN $dir/users
}
userdb {
  driver = passwd-file
  args = $dir/users
}
protocol imap {
  # Tests run in parallel, each client keeping its connections open: more than the default 10.
  mail_max_userip_connections = 200
}
$rootless
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $IMAP_TEST_PORT
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = $IMAPS_TEST_PORT
    ssl = yes
  }
}
service lmtp {
  inet_listener lmtp {
    address = 127.0.0.1
    port = $LMTP_TEST_PORT
  }
}
EOF
}

# The SMTP sink, written into DIR each start so the script stays the one source of it.
_sb_mail_write_sink() {
    cat >"$1/smtp_sink.py" <<'PY'
"""SMTP sink for tests: stores every message byte for byte with its envelope beside it."""
import asyncio, json, os, signal, ssl, sys, time
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

REFUSED = {
    "reject@example.org": "550 5.1.1 mailbox unavailable",
    "busy@example.org": "451 4.3.0 mailbox busy, try later",
}


class MaildirSink:
    def __init__(self, maildir):
        self.maildir = maildir
        self.counter = 0
        for sub in ("tmp", "new", "cur", "envelope"):
            os.makedirs(os.path.join(maildir, sub), exist_ok=True)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        refusal = REFUSED.get(address.lower())
        if refusal:
            return refusal
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.counter += 1
        name = "%d.%d_%d.switchboard-sink" % (time.time_ns(), os.getpid(), self.counter)
        meta = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "helo": session.host_name,
            "auth_user": login_name(session.auth_data) if session.authenticated else None,
            # session.ssl is set by STARTTLS only; implicit TLS shows on the transport.
            "tls": session.ssl is not None or server.transport.get_extra_info("ssl_object") is not None,
        }
        with open(os.path.join(self.maildir, "envelope", name + ".json"), "w") as out:
            json.dump(meta, out)
        temporary = os.path.join(self.maildir, "tmp", name + ".eml")
        with open(temporary, "wb") as out:
            out.write(envelope.original_content)
        os.rename(temporary, os.path.join(self.maildir, "new", name + ".eml"))
        return "250 2.0.0 Message accepted"


def login_name(auth_data):
    if isinstance(auth_data, LoginPassword):
        return auth_data.login.decode("utf-8", "replace")
    return None


def authenticator(user, password):
    def check(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user
              and auth_data.password.decode() == password)
        # handled=False makes aiosmtpd answer 535 itself on a wrong password.
        return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)
    return check


def main():
    maildir, port, tls_port, cert, key, user, password = sys.argv[1:8]
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    handler = MaildirSink(maildir)
    common = dict(hostname="127.0.0.1", authenticator=authenticator(user, password),
                  auth_require_tls=False, ident="Switchboard test sink")
    plain = Controller(handler, port=int(port), tls_context=context, **common)
    implicit = Controller(handler, port=int(tls_port), ssl_context=context, **common)
    plain.start()
    implicit.start()
    print("listening on 127.0.0.1:%s (STARTTLS) and :%s (TLS)" % (port, tls_port), flush=True)
    try:
        signal.sigwait({signal.SIGTERM, signal.SIGINT})
    finally:
        plain.stop()
        implicit.stop()


if __name__ == "__main__":
    main()
PY
}

# Waits until something accepts TCP connections on 127.0.0.1:PORT.
_sb_mail_wait_port() {
    local port=$1 what=$2 pid=${3:-} deadline=$((SECONDS + 30))
    until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
        if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
            printf '==> error: %s exited before listening on port %s\n' "$what" "$port" >&2
            return 1
        fi
        if [ "$SECONDS" -ge "$deadline" ]; then
            printf '==> error: %s is not listening on port %s after 30s\n' "$what" "$port" >&2
            return 1
        fi
        sleep 0.2
    done
}

_sb_mail_refuse_busy_port() {
    local port=$1 what=$2
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        printf '==> error: port %s for %s is already taken; set %s to a free port\n' "$port" "$what" "$3" >&2
        return 1
    fi
}

# start_mail_servers DIR — starts dovecot and the SMTP sink with their state in DIR (stopping those
# left over from an earlier start in DIR first) and exports the *_TEST_* variables.
start_mail_servers() {
    local dir=${1:?start_mail_servers DIR} store uid gid venv sink_pid
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    stop_mail_servers "$dir"

    export IMAP_TEST_HOST=127.0.0.1
    export IMAP_TEST_PORT=${IMAP_TEST_PORT:-54143}
    export IMAPS_TEST_PORT=${IMAPS_TEST_PORT:-54993}
    export LMTP_TEST_PORT=${LMTP_TEST_PORT:-54024}
    export SMTP_TEST_PORT=${SMTP_TEST_PORT:-54025}
    export SMTPS_TEST_PORT=${SMTPS_TEST_PORT:-54465}
    export IMAP_TEST_USER=agent@example.org
    export IMAP_TEST_PASSWORD=secret
    export IMAP_TEST_CA_FILE=$dir/tls/ca.crt
    export SMTP_TEST_MAILDIR=$dir/smtp-maildir

    _sb_mail_refuse_busy_port "$IMAP_TEST_PORT" IMAP IMAP_TEST_PORT || return 1
    _sb_mail_refuse_busy_port "$IMAPS_TEST_PORT" IMAPS IMAPS_TEST_PORT || return 1
    _sb_mail_refuse_busy_port "$LMTP_TEST_PORT" LMTP LMTP_TEST_PORT || return 1
    _sb_mail_refuse_busy_port "$SMTP_TEST_PORT" SMTP SMTP_TEST_PORT || return 1
    _sb_mail_refuse_busy_port "$SMTPS_TEST_PORT" SMTPS SMTPS_TEST_PORT || return 1

    # Everything that may fail for want of a package comes before any server starts.
    ensure_packages dovecot-imapd dovecot-lmtpd openssl
    venv=${SWITCHBOARD_VENV:-$_SB_MAIL_ROOT/.data/venv}
    ensure_python_venv "$venv" "$_SB_MAIL_AIOSMTPD"
    read -r uid gid < <(_sb_mail_owner)
    store=$(_sb_mail_store "$dir")
    _sb_mail_certificates "$dir"
    mkdir -p "$dir/run" "$dir/state"
    _sb_mail_dovecot_config "$dir" "$store" "$uid" "$gid"

    log "starting dovecot: IMAP 127.0.0.1:$IMAP_TEST_PORT, IMAPS :$IMAPS_TEST_PORT, LMTP :$LMTP_TEST_PORT (log: $dir/dovecot.log)"
    # dovecot keeps the standard streams it is started with: give it files, not the caller's pipe.
    dovecot -c "$dir/dovecot.conf" </dev/null >"$dir/dovecot.start.log" 2>&1 || {
        cat "$dir/dovecot.start.log" >&2
        tail -n 20 "$dir/dovecot.log" >&2 2>/dev/null || true
        die "dovecot did not start; its configuration is $dir/dovecot.conf"
    }
    if ! _sb_mail_wait_port "$IMAP_TEST_PORT" dovecot || ! _sb_mail_wait_port "$LMTP_TEST_PORT" "dovecot LMTP"; then
        stop_mail_servers "$dir"
        return 1
    fi

    _sb_mail_write_sink "$dir"
    # The sink starts empty; the IMAP mailboxes keep their mail (remove DIR for a clean slate).
    rm -rf "$SMTP_TEST_MAILDIR"
    mkdir -p "$SMTP_TEST_MAILDIR"
    log "starting the SMTP sink: 127.0.0.1:$SMTP_TEST_PORT (STARTTLS), :$SMTPS_TEST_PORT (TLS) (log: $dir/smtp-sink.log)"
    nohup "$venv/bin/python" "$dir/smtp_sink.py" "$SMTP_TEST_MAILDIR" "$SMTP_TEST_PORT" "$SMTPS_TEST_PORT" \
        "$dir/tls/server.crt" "$dir/tls/server.key" "$IMAP_TEST_USER" "$IMAP_TEST_PASSWORD" \
        >"$dir/smtp-sink.log" 2>&1 </dev/null &
    sink_pid=$!
    printf '%s\n' "$sink_pid" >"$dir/smtp-sink.pid"
    if ! _sb_mail_wait_port "$SMTP_TEST_PORT" "the SMTP sink" "$sink_pid" ||
        ! _sb_mail_wait_port "$SMTPS_TEST_PORT" "the SMTP sink" "$sink_pid"; then
        tail -n 20 "$dir/smtp-sink.log" >&2 || true
        stop_mail_servers "$dir"
        return 1
    fi
}

# stop_mail_servers DIR — stops the dovecot and the SMTP sink started with DIR, if they run.
stop_mail_servers() {
    local dir=${1:?stop_mail_servers DIR} pid
    [ -d "$dir" ] || return 0
    if [ -f "$dir/run/master.pid" ] && kill -0 "$(cat "$dir/run/master.pid")" 2>/dev/null; then
        log "stopping dovecot in $dir"
        dovecot -c "$dir/dovecot.conf" stop 2>/dev/null || kill -TERM "$(cat "$dir/run/master.pid")" 2>/dev/null || true
        for _ in $(seq 1 50); do
            if ! kill -0 "$(cat "$dir/run/master.pid" 2>/dev/null)" 2>/dev/null; then break; fi
            sleep 0.1
        done
    fi
    if [ -f "$dir/smtp-sink.pid" ]; then
        pid=$(cat "$dir/smtp-sink.pid")
        if kill -0 "$pid" 2>/dev/null; then
            log "stopping the SMTP sink in $dir"
            kill -TERM "$pid" 2>/dev/null || true
            for _ in $(seq 1 50); do
                kill -0 "$pid" 2>/dev/null || break
                sleep 0.1
            done
            kill -KILL "$pid" 2>/dev/null || true
        fi
        rm -f "$dir/smtp-sink.pid"
    fi
}

# seed_mail DIR FILE [RECIPIENT] — delivers FILE through dovecot's LMTP as new, unread mail (line
# endings become CRLF, as on the wire). RECIPIENT defaults to the test user; agent+NAME@example.org
# delivers into the mailbox NAME.
seed_mail() {
    local dir=${1:?seed_mail DIR FILE [RECIPIENT]} file=${2:?seed_mail DIR FILE [RECIPIENT]}
    local recipient=${3:-${IMAP_TEST_USER:-agent@example.org}} port=${LMTP_TEST_PORT:-54024}
    [ -r "$file" ] || die "seed_mail: cannot read $file"
    [ -f "$dir/dovecot.conf" ] || die "seed_mail: no mail servers in $dir (run start_mail_servers $dir)"
    python3 - "$port" "$recipient" "$file" <<'PY'
import re, smtplib, sys

port, recipient, path = int(sys.argv[1]), sys.argv[2], sys.argv[3]
with open(path, "rb") as source:
    message = re.sub(rb"\r?\n", b"\r\n", source.read())
with smtplib.LMTP("127.0.0.1", port) as lmtp:
    lmtp.sendmail("seed@example.org", [recipient], message)
PY
}
