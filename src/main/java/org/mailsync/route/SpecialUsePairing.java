package org.mailsync.route;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.mailsync.job.StoreSide;
import org.mailsync.report.SyncReport;
import org.mailsync.store.StoreException;

/**
 * {@code specialuse on}: pairs the folders of two stores that serve the same special use
 * (RFC 6154) under different names — {@code Sent} with {@code Sent Items} or
 * {@code [Gmail]/Sent Mail} — instead of creating each one's namesake on the other side. An IMAP
 * folder's use is its special-use attribute (one {@code LIST ... RETURN (SPECIAL-USE)}); a local
 * folder's, or that of a server without SPECIAL-USE, is its name, from a list of the names mail
 * programs give them (English, German, French, Spanish).
 *
 * <p>The pair is kept under side A's boxname (its msinfo key); side B's folder is re-labelled to
 * it. Only where that can never mix two folders' mail:
 * <ul>
 *   <li>side B's folder has no msinfo of its own (it was never synced under its own name — a
 *       channel that synced {@code Sent Items} to a local {@code Sent Items} keeps doing so);</li>
 *   <li>neither side has a folder of the other's name as well (B a plain {@code Sent} beside its
 *       {@code Sent Items}, or A a {@code Sent Items} beside its {@code Sent}).</li>
 * </ul>
 * Otherwise the folders stay paired by name, and the run says why once.
 */
final class SpecialUsePairing {

    /** The uses paired, with the names a folder of that use commonly has (compared without case). */
    static final Map<String, List<String>> USES = uses();

    private SpecialUsePairing() {
    }

    private static Map<String, List<String>> uses() {
        Map<String, List<String>> uses = new LinkedHashMap<>();
        uses.put("\\Sent", List.of("Sent", "Sent Items", "Sent Messages", "Sent Mail", "Sent-Mail", "Gesendet",
                "Gesendete Elemente", "Gesendete Objekte", "Envoyés", "Éléments envoyés", "Enviados", "Elementos enviados"));
        uses.put("\\Drafts", List.of("Drafts", "Draft", "Entwürfe", "Brouillons", "Borradores"));
        uses.put("\\Junk", List.of("Junk", "Spam", "Junk E-mail", "Junk Email", "Bulk Mail", "Junk-E-Mail", "Indésirables",
                "Correo no deseado"));
        uses.put("\\Archive", List.of("Archive", "Archives", "Archiv", "Archivo"));
        uses.put("\\Trash", List.of("Trash", "Deleted Items", "Deleted Messages", "Deleted", "Bin", "Papierkorb",
                "Gelöschte Elemente", "Corbeille", "Éléments supprimés", "Papelera", "Elementos eliminados"));
        return uses;
    }

    /**
     * Re-labels side B's special-use folders in {@code onB} (boxname to native folder) with side
     * A's boxnames for the same use, where that is safe (see the class comment).
     *
     * @param synced the boxnames the channel's msinfo holds
     */
    static void pair(StoreSide a, Map<String, String> onA, StoreSide b, Map<String, String> onB, Set<String> synced,
                     SyncReport report) throws StoreException {
        Map<String, String> usesA = uses(a, onA);
        Map<String, String> usesB = uses(b, onB);
        for (Map.Entry<String, String> use : usesA.entrySet()) {
            String boxA = use.getValue();
            String boxB = usesB.get(use.getKey());
            if (boxB == null || boxB.equals(boxA)) {
                continue;
            }
            String why = synced.contains(boxB) ? "\"" + boxB + "\" on " + b.name() + " is synced under its own name already"
                    : onB.containsKey(boxA) ? b.name() + " has a folder \"" + boxA + "\" too"
                    : onA.containsKey(boxB) ? a.name() + " has a folder \"" + boxB + "\" too"
                    : null;
            if (why != null) {
                report.warnOnce("specialuse " + use.getKey(), "specialuse: " + use.getKey() + " folders \"" + boxA + "\" ("
                        + a.name() + ") and \"" + boxB + "\" (" + b.name() + ") stay paired by name: " + why);
                continue;
            }
            onB.put(boxA, onB.remove(boxB));
        }
    }

    /** A side's boxname for each use it has a folder for. */
    private static Map<String, String> uses(StoreSide side, Map<String, String> folders) throws StoreException {
        Map<String, String> byUse = new LinkedHashMap<>();
        for (Map.Entry<String, String> attr : side.store().specialUseFolders().entrySet()) {
            String use = canonical(attr.getKey());
            String box = use == null ? null : side.boxname(attr.getValue());
            if (box != null && folders.containsKey(box)) {
                byUse.putIfAbsent(use, box);
            }
        }
        for (Map.Entry<String, List<String>> use : USES.entrySet()) {
            if (byUse.containsKey(use.getKey())) {
                continue;
            }
            for (String name : use.getValue()) {
                String box = byName(folders, name);
                if (box != null) {
                    byUse.put(use.getKey(), box);
                    break;
                }
            }
        }
        return byUse;
    }

    /** The use's spelling in {@link #USES}, or null for an attribute not paired. */
    private static String canonical(String attribute) {
        for (String use : USES.keySet()) {
            if (use.equalsIgnoreCase(attribute)) {
                return use;
            }
        }
        return null;
    }

    /** The boxname of a top-level folder of that name, compared without case. */
    private static String byName(Map<String, String> folders, String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        for (String box : folders.keySet()) {
            if (box.toLowerCase(Locale.ROOT).equals(wanted)) {
                return box;
            }
        }
        return null;
    }
}
