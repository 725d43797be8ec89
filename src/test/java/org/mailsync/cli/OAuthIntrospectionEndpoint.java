package org.mailsync.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for an OAuth2 provider's token introspection endpoint (RFC 7662), as Dovecot's
 * {@code oauth2} passdb asks it in {@code introspection_mode = auth}: a GET with
 * {@code Authorization: Bearer <token>}, answered {@code {"active":true,"username":"<user>"}}
 * for a token it takes as good and {@code {"active":false}} otherwise. It remembers the tokens
 * it was shown, so that a test can tell which tokens reached the server.
 */
final class OAuthIntrospectionEndpoint implements AutoCloseable {

    private final HttpServer http;
    private final Predicate<String> good;
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private volatile String user;

    /** Starts on a free loopback port; tokens for which {@code good} holds are active. */
    static OAuthIntrospectionEndpoint start(Predicate<String> good) {
        try {
            return new OAuthIntrospectionEndpoint(good);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the introspection endpoint: " + e, e);
        }
    }

    private OAuthIntrospectionEndpoint(Predicate<String> good) throws IOException {
        this.good = good;
        this.http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/introspect", this::answer);
        http.start();
    }

    /** The user good tokens belong to (Dovecot checks it against the login name). */
    void user(String user) {
        this.user = user;
    }

    /** The tokens shown to the endpoint so far, in order. */
    List<String> seen() {
        return List.copyOf(seen);
    }

    void forget() {
        seen.clear();
    }

    String url() {
        return "http://127.0.0.1:" + http.getAddress().getPort() + "/introspect";
    }

    /**
     * The lines that give a Dovecot XOAUTH2 (and OAUTHBEARER) logins checked by this endpoint,
     * next to its password users; the passdb's settings file is written into {@code dir}.
     */
    String dovecotConfig(Path dir) {
        Path args = dir.resolve("dovecot-oauth2.conf.ext");
        try {
            Files.writeString(args, String.join("\n",
                    "introspection_url = " + url(),
                    "introspection_mode = auth",
                    "force_introspection = yes",
                    "username_attribute = username",
                    "active_attribute = active",
                    "active_value = true",
                    ""));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return String.join("\n",
                "auth_mechanisms = plain login xoauth2 oauthbearer",
                "passdb {",
                "  driver = oauth2",
                "  mechanisms = xoauth2 oauthbearer",
                "  args = " + args,
                "}");
    }

    private void answer(HttpExchange exchange) throws IOException {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        String token = authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7) : "";
        seen.add(token);
        String body = good.test(token) && user != null ? "{\"active\":true,\"username\":\"" + user + "\"}" : "{\"active\":false}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
