package org.mailsync.store.imap;

import static org.mailsync.store.imap.ImapConnection.command;
import static org.mailsync.store.imap.ImapConnection.raw;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.Folder;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.protocol.BASE64MailboxEncoder;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;
import org.eclipse.angus.mail.imap.protocol.IMAPResponse;
import org.eclipse.angus.mail.imap.protocol.ListInfo;
import org.mailsync.store.MessageMeta;
import org.mailsync.store.StoreException;

/**
 * Server-side moves between folders of one IMAP store, and the look-up of special-use folders:
 * what the trash of recoverable deletions needs. A move is {@code UID MOVE} (RFC 6851) when the
 * server offers it, else {@code UID COPY} followed by the store's exact deletion of those UIDs
 * ({@code UID STORE \Deleted} + {@code UID EXPUNGE}, RFC 4315; never a plain EXPUNGE). Either
 * way a message is in its folder, in the target, or (between COPY and EXPUNGE) in both.
 */
final class ImapMoves {

    /** {@code [COPYUID uidvalidity source-set dest-set]} (RFC 4315 section 3). */
    private static final Pattern COPYUID = Pattern.compile("\\[COPYUID ([0-9]+) ([0-9:,]+) ([0-9:,]+)\\]",
            Pattern.CASE_INSENSITIVE);

    /** The store's exact deletion, for the COPY path. */
    interface Deletion {
        void delete(String folder, Collection<String> keys) throws StoreException;
    }

    private final ImapConnection conn;
    private final String name;
    private final Deletion deletion;

    ImapMoves(ImapConnection conn, String name, Deletion deletion) {
        this.conn = conn;
        this.name = name;
        this.deletion = deletion;
    }

    /** Moves exactly these messages; see {@link org.mailsync.store.MailStore#move}. */
    Map<String, String> move(String folder, List<MessageMeta> messages, String target) throws StoreException {
        Map<String, String> moved = new LinkedHashMap<>();
        if (messages.isEmpty()) {
            return moved;
        }
        List<ImapKey> keys = new ArrayList<>();
        for (MessageMeta m : messages) {
            keys.add(ImapKey.require(name, folder, m.key()));
        }
        boolean[] viaCopy = new boolean[1];
        CopyUid copyUid = conn.run("moving from " + folder + " to " + target, false, () -> {
            VanishedAwareFolder f = conn.select(folder, Folder.READ_WRITE);
            for (ImapKey k : keys) {
                k.requireValidity(f, name, folder);
            }
            long[] uids = keys.stream().mapToLong(ImapKey::uid).distinct().sorted().toArray();
            List<Long> absent = f.absent(uids);
            if (!absent.isEmpty()) {
                throw new StoreException(name + ": not moving anything from " + folder + " to " + target + ": no message UID "
                        + absent);
            }
            String set = ImapKey.uidSet(uids);
            return command(f, p -> {
                String mailbox = mailbox(p, target);
                // RFC 6851 section 3.2: UID MOVE; its COPYUID comes in an untagged OK (section 4.3).
                // Without MOVE, UID COPY (RFC 3501 section 6.4.7) answers COPYUID in its tagged OK.
                viaCopy[0] = !p.hasCapability("MOVE");
                Response[] r = raw(p, (viaCopy[0] ? "UID COPY " : "UID MOVE ") + set + " " + mailbox);
                return CopyUid.of(r);
            });
        });
        if (viaCopy[0]) {
            deletion.delete(folder, messages.stream().map(MessageMeta::key).toList());
        }
        for (ImapKey k : keys) {
            Long to = copyUid.uids().get(k.uid());
            moved.put(k.toString(), to == null ? null : ImapKey.format(copyUid.validity(), to));
        }
        return moved;
    }

    /**
     * A COPYUID response code: the target's UIDVALIDITY and each source UID's new UID; no UIDs
     * when the server sent none (no UIDPLUS).
     */
    private record CopyUid(long validity, Map<Long, Long> uids) {

        static CopyUid of(Response[] responses) {
            Map<Long, Long> uids = new LinkedHashMap<>();
            long validity = 0;
            for (Response each : responses) {
                Matcher m = COPYUID.matcher(each.toString());
                if (m.find()) {
                    validity = Long.parseLong(m.group(1));
                    List<Long> from = expand(m.group(2));
                    List<Long> to = expand(m.group(3));
                    for (int i = 0; i < Math.min(from.size(), to.size()); i++) {
                        uids.put(from.get(i), to.get(i));
                    }
                }
            }
            return new CopyUid(validity, uids);
        }
    }

    /** The UIDs of a uid-set in the order written ({@code 3:1} counts down, RFC 3501 section 9). */
    static List<Long> expand(String set) {
        List<Long> out = new ArrayList<>();
        for (String part : set.split(",")) {
            int colon = part.indexOf(':');
            if (colon < 0) {
                out.add(Long.parseLong(part));
                continue;
            }
            long a = Long.parseLong(part.substring(0, colon));
            long b = Long.parseLong(part.substring(colon + 1));
            for (long u = a; a <= b ? u <= b : u >= b; u += a <= b ? 1 : -1) {
                out.add(u);
            }
        }
        return out;
    }

    /**
     * The folder with a special-use attribute (RFC 6154 section 2), or null. {@code LIST ...
     * RETURN (SPECIAL-USE)} (RFC 6154 section 5.2, an RFC 5258 extended LIST) when the server
     * offers SPECIAL-USE; otherwise the attributes of a plain LIST, where servers may show them.
     */
    String specialUse(String attribute) throws StoreException {
        for (Map.Entry<String, String> e : specialUseFolders().entrySet()) {
            if (e.getKey().equalsIgnoreCase(attribute)) {
                return e.getValue();
            }
        }
        return null;
    }

    /** Every folder with a special-use attribute, the first per attribute (one LIST); see {@link org.mailsync.store.MailStore#specialUseFolders}. */
    Map<String, String> specialUseFolders() throws StoreException {
        return conn.run("looking for special-use folders", true, () -> command(conn.root(), p -> {
            List<ListInfo> infos = new ArrayList<>();
            if (p.hasCapability("SPECIAL-USE") && p.hasCapability("LIST-EXTENDED")) {
                for (Response each : raw(p, "LIST \"\" \"*\" RETURN (SPECIAL-USE)")) {
                    if (each instanceof IMAPResponse ir && ir.keyEquals("LIST")) {
                        infos.add(new ListInfo(ir));
                    }
                }
            } else {
                ListInfo[] listed = p.list("", "*");
                infos.addAll(List.of(listed == null ? new ListInfo[0] : listed));
            }
            Map<String, String> found = new LinkedHashMap<>();
            for (ListInfo li : infos) {
                for (String a : li.attrs == null ? new String[0] : li.attrs) {
                    if (a.startsWith("\\") && !NOT_SPECIAL_USE.contains(a.toLowerCase(java.util.Locale.ROOT))) {
                        found.putIfAbsent(a, li.name);
                    }
                }
            }
            return found;
        }));
    }

    /** The attributes of RFC 3501 and RFC 5258 (LIST-EXTENDED), which say nothing of a folder's use. */
    private static final java.util.Set<String> NOT_SPECIAL_USE = java.util.Set.of("\\noinferiors", "\\noselect",
            "\\marked", "\\unmarked", "\\haschildren", "\\hasnochildren", "\\nonexistent", "\\subscribed",
            "\\remote");

    /** A mailbox name as a quoted string, in modified UTF-7 unless UTF8 is enabled (RFC 3501 section 5.1.3). */
    private static String mailbox(IMAPProtocol p, String folder) {
        String n = p.supportsUtf8() ? folder : BASE64MailboxEncoder.encode(folder);
        return '"' + n.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
