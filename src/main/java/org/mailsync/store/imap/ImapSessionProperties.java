package org.mailsync.store.imap;

import java.util.Properties;

/**
 * The Jakarta Mail session properties of an IMAP store (Angus): peeking fetches, time-outs,
 * streamed bodies, TLS as the server spec asks, and the login mechanism.
 */
final class ImapSessionProperties {

    private ImapSessionProperties() {
    }

    /** The jakarta.mail properties for a spec, logging in with a password. */
    static Properties of(ImapServerSpec spec) {
        return of(spec, false);
    }

    /** The jakarta.mail properties for a spec; {@code oauth2}: the password is an access token. */
    static Properties of(ImapServerSpec spec, boolean oauth2) {
        String protocol = spec.ssl() ? "imaps" : "imap";
        String p = "mail." + protocol + ".";
        Properties props = new Properties();
        props.setProperty("mail.store.protocol", protocol);
        props.setProperty(p + "host", spec.host());
        props.setProperty(p + "port", Integer.toString(spec.port()));
        // Every body fetch is BODY.PEEK: reading must never set \Seen (RFC 3501 section 6.4.5).
        props.setProperty(p + "peek", "true");
        props.setProperty(p + "connectiontimeout", Integer.toString(ImapConnection.TIMEOUT_MILLIS));
        props.setProperty(p + "timeout", Integer.toString(ImapConnection.TIMEOUT_MILLIS));
        // Bodies come in chunks of FETCH_CHUNK, so open() streams instead of loading a message.
        props.setProperty(p + "partialfetch", "true");
        props.setProperty(p + "fetchsize", Integer.toString(ImapConnection.FETCH_CHUNK));
        // Larger messages are written twice by APPEND instead of being buffered (VerbatimMessage spools).
        props.setProperty(p + "appendbuffersize", Integer.toString(VerbatimMessage.IN_MEMORY_LIMIT));
        props.setProperty(p + "connectionpoolsize", "1");
        if (!spec.ssl()) {
            boolean required = spec.tls() == ImapServerSpec.TlsMode.REQUIRED || spec.secure();
            props.setProperty(p + "starttls.enable", Boolean.toString(spec.tls() != ImapServerSpec.TlsMode.NEVER));
            props.setProperty(p + "starttls.required", Boolean.toString(required));
        }
        props.setProperty(p + "ssl.checkserveridentity", Boolean.toString(spec.validateCert()));
        if (!spec.validateCert()) {
            props.setProperty(p + "ssl.trust", "*");
        }
        if (spec.authUser() != null && spec.user() != null) {
            // c-client: authenticate as authuser, act as user (SASL PLAIN authzid, RFC 4616).
            props.setProperty(p + "sasl.authorizationid", spec.user());
        }
        if (oauth2) {
            // Only XOAUTH2 (Angus disables it unless named here): never PLAIN or LOGIN, which would
            // send the token as a password. A server without AUTH=XOAUTH2 is refused before
            // Angus falls back to LOGIN (VanishedAwareStore.preLogin).
            props.setProperty(p + "auth.mechanisms", ImapConnection.XOAUTH2);
        }
        // Angus hides the authentication exchange from the debug log unless this is true.
        props.setProperty("mail.debug.auth", "false");
        return props;
    }

}
