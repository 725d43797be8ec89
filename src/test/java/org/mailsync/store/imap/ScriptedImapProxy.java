package org.mailsync.store.imap;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fake IMAP server for provider responses: a scripted socket in front of a real server that
 * passes every command through, except an APPEND whose message the script refuses, which it
 * answers itself with the script's {@code NO} (such as {@code NO [TOOBIG] Message too big})
 * without the real server ever seeing it. So a test gets a provider's refusals
 * ({@code [TOOBIG]}, {@code [OVERQUOTA]}, {@code [LIMIT]}) at exactly the message it chooses,
 * while everything else is a working server.
 *
 * <p>The message is known before the answer because the client sends it with the command:
 * the real server must offer LITERAL+ (RFC 7888), which GreenMail and Dovecot do, and Angus
 * then sends non-synchronizing literals. A synchronizing APPEND literal fails the proxy loudly.
 */
public final class ScriptedImapProxy implements AutoCloseable {

    /** A literal at the end of a command line: {@code {123}} or {@code {123+}}. */
    private static final Pattern LITERAL = Pattern.compile("\\{(\\d+)(\\+?)\\}\\r\\n$");
    private static final Pattern COMMAND = Pattern.compile("^(\\S+) (?:UID )?(\\S+)");

    private final ServerSocket listener;
    private final int backendPort;
    private final Function<String, String> script;
    private final List<String> appended = new CopyOnWriteArrayList<>();
    private final List<String> refused = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    /**
     * Starts a proxy on a free loopback port.
     *
     * @param backendPort the real server's port on the loopback
     * @param script      given each APPENDed message's text, the answer to give instead of
     *                    the server's (without the tag, e.g. {@code NO [TOOBIG] too big}), or
     *                    null to pass it to the server
     */
    public static ScriptedImapProxy start(int backendPort, Function<String, String> script) throws IOException {
        return new ScriptedImapProxy(backendPort, script);
    }

    private ScriptedImapProxy(int backendPort, Function<String, String> script) throws IOException {
        this.backendPort = backendPort;
        this.script = script;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::accept, "scripted-imap-accept");
        accept.setDaemon(true);
        accept.start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** The messages passed on to the server by APPEND, in order. */
    public List<String> appended() {
        return List.copyOf(appended);
    }

    /** The messages the script refused, in order. */
    public List<String> refused() {
        return List.copyOf(refused);
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), backendPort);
                sockets.add(client);
                sockets.add(server);
                OutputStream toClient = client.getOutputStream();
                pump("scripted-imap-down", client, server, () -> copyDown(server.getInputStream(), toClient));
                pump("scripted-imap-up", client, server, () -> copyUp(client.getInputStream(), server.getOutputStream(), toClient));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private interface Io {
        void run() throws IOException;
    }

    /** Runs one direction of a connection; when it ends, both sockets of that connection are closed. */
    private static void pump(String name, Socket client, Socket server, Io io) {
        Thread t = new Thread(() -> {
            try {
                io.run();
            } catch (IOException e) {
                // a side closed: the other direction ends with its socket
            } finally {
                close(client);
                close(server);
            }
        }, name);
        t.setDaemon(true);
        t.start();
    }

    /** Server to client, as it comes; the lock keeps a scripted answer from cutting into a response. */
    private static void copyDown(InputStream in, OutputStream toClient) throws IOException {
        byte[] buf = new byte[8192];
        for (int n; (n = in.read(buf)) > 0;) {
            synchronized (toClient) {
                toClient.write(buf, 0, n);
                toClient.flush();
            }
        }
    }

    /** Client to server, command by command, answering refused APPENDs itself. */
    private void copyUp(InputStream in, OutputStream toServer, OutputStream toClient) throws IOException {
        for (String line; (line = line(in)) != null;) {
            Matcher c = COMMAND.matcher(line);
            boolean append = c.find() && c.group(2).toUpperCase(Locale.ROOT).equals("APPEND");
            if (!append) {
                forwardCommand(line, in, toServer);
                continue;
            }
            String tag = c.group(1);
            Matcher lit = LITERAL.matcher(line);
            if (!lit.find() || lit.group(2).isEmpty()) {
                throw new IllegalStateException("the proxy needs LITERAL+ APPENDs: " + line);
            }
            byte[] message = in.readNBytes(Integer.parseInt(lit.group(1)));
            String rest = line(in); // the CRLF that ends the command
            String text = new String(message, StandardCharsets.ISO_8859_1);
            String answer = script.apply(text);
            if (answer == null) {
                appended.add(text);
                toServer.write(line.getBytes(StandardCharsets.ISO_8859_1));
                toServer.write(message);
                toServer.write(rest.getBytes(StandardCharsets.ISO_8859_1));
                toServer.flush();
            } else {
                refused.add(text);
                synchronized (toClient) {
                    toClient.write((tag + " " + answer + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    toClient.flush();
                }
            }
        }
    }

    /** Passes on a command line and, literal by literal, the rest of the command. */
    private static void forwardCommand(String line, InputStream in, OutputStream toServer) throws IOException {
        while (line != null) {
            toServer.write(line.getBytes(StandardCharsets.ISO_8859_1));
            toServer.flush();
            Matcher lit = LITERAL.matcher(line);
            if (!lit.find()) {
                return;
            }
            // A synchronizing literal follows the server's "+", which goes down by itself.
            toServer.write(in.readNBytes(Integer.parseInt(lit.group(1))));
            line = line(in);
        }
    }

    /** One line with its CRLF, or null at the end of the stream. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int prev = -1;
        for (int c; (c = in.read()) >= 0;) {
            b.write(c);
            if (prev == '\r' && c == '\n') {
                return b.toString(StandardCharsets.ISO_8859_1);
            }
            prev = c;
        }
        if (b.size() > 0) {
            throw new EOFException("connection closed in the middle of a line");
        }
        return null;
    }

    private static void close(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        sockets.forEach(ScriptedImapProxy::close);
    }
}
