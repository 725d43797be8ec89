package org.mailsync.store.imap;

import static org.mailsync.store.imap.ImapConnection.command;
import static org.mailsync.store.imap.ImapConnection.sameName;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import jakarta.mail.MessagingException;

import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.protocol.BASE64MailboxEncoder;
import org.eclipse.angus.mail.imap.protocol.IMAPResponse;
import org.eclipse.angus.mail.imap.protocol.ListInfo;
import org.eclipse.angus.mail.imap.protocol.Status;
import org.mailsync.store.FolderInfo;

/**
 * The folders an IMAP server lists (RFC 3501 section 6.3.8), each with whether it can be
 * selected: with LIST-STATUS (RFC 5819) a listed name that has no STATUS is not. Runs on the
 * store's connection, inside the caller's {@code ImapConnection.run}.
 */
final class ImapFolderList {

    private final ImapConnection conn;

    ImapFolderList(ImapConnection conn) {
        this.conn = conn;
    }

    /**
     * LIST "" pattern (RFC 3501 section 6.3.8). With LIST-STATUS (RFC 5819) the same command
     * also asks for each mailbox's STATUS, and a name without one is not selectable: Dovecot
     * lists a deleted parent of a kept child without \Noselect, and only the missing STATUS
     * ("NO Mailbox doesn't exist") tells it apart.
     */
    List<FolderInfo> list(String pattern) throws MessagingException {
        return command(conn.root(), p -> {
            List<FolderInfo> out = new ArrayList<>();
            if (!p.hasCapability("LIST-STATUS")) {
                // Angus quotes the pattern; % and * keep their meaning inside quotes, and
                // names come back decoded from modified UTF-7 (RFC 3501 section 5.1.3).
                ListInfo[] infos = p.list("", pattern);
                for (ListInfo li : infos == null ? new ListInfo[0] : infos) {
                    out.add(new FolderInfo(li.name, selectable(li)));
                }
                return out;
            }
            String arg = quoted(p.supportsUtf8() ? pattern : BASE64MailboxEncoder.encode(pattern));
            Response[] r = p.command("LIST \"\" " + arg + " RETURN (STATUS (UIDVALIDITY))", null);
            Response last = r[r.length - 1];
            List<ListInfo> infos = new ArrayList<>();
            Set<String> withStatus = new java.util.HashSet<>();
            List<Response> others = new ArrayList<>();
            for (Response each : r) {
                if (each == last) {
                    continue;
                }
                if (each instanceof IMAPResponse ir && ir.keyEquals("LIST")) {
                    infos.add(new ListInfo(ir));
                } else if (each instanceof IMAPResponse ir && ir.keyEquals("STATUS")) {
                    withStatus.add(new Status(ir).mbox);
                } else if (!each.isNO()) { // the NO for a missing mailbox is expected here
                    others.add(each);
                }
            }
            p.notifyResponseHandlers(others.toArray(new Response[0]));
            p.handleResult(last);
            for (ListInfo li : infos) {
                out.add(new FolderInfo(li.name, selectable(li) && withStatus.contains(li.name)));
            }
            return out;
        });
    }

    /** An IMAP quoted string (RFC 3501 section 4.3). */
    private static String quoted(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /** Not \Noselect (RFC 3501 section 7.2.2) and not \NonExistent (RFC 5258 section 3). */
    private static boolean selectable(ListInfo li) {
        if (!li.canOpen) {
            return false;
        }
        for (String a : li.attrs == null ? new String[0] : li.attrs) {
            if (a.equalsIgnoreCase("\\NonExistent") || a.equalsIgnoreCase("\\Noselect")) {
                return false;
            }
        }
        return true;
    }

    /** The LIST entry of exactly this name, or null (a name with wildcards lists others too). */
    FolderInfo listExact(String folder) throws MessagingException {
        for (FolderInfo fi : list(folder)) {
            if (sameName(fi.name(), folder)) {
                return fi;
            }
        }
        return null;
    }
}
