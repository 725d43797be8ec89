package org.mailsync.migrate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The accounts of {@code mailsync migrate --accounts FILE}: a CSV file, one account a line,
 * {@code source,target[,source password command[,target password command]]}. Fields may be
 * quoted with {@code "} (a {@code ""} inside is one quote), so a command can hold commas;
 * blank lines and lines starting with {@code #} are skipped. Source and target are stores of
 * the config or inline specs ({@code maildir:PATH}, {@code imap://USER@HOST/}, ...); an empty
 * password command means none (the config's, or the terminal's).
 */
public final class AccountsFile {

    /**
     * One account.
     *
     * @param line          its line in the file
     * @param source        the store to copy from
     * @param target        the store to copy to
     * @param sourcePasscmd the source's password command, or null
     * @param targetPasscmd the target's password command, or null
     */
    public record Account(int line, String source, String target, String sourcePasscmd, String targetPasscmd) {
    }

    private AccountsFile() {
    }

    /**
     * Reads the accounts of a file.
     *
     * @throws IOException the file cannot be read, or a line is not an account (the message names the line)
     */
    public static List<Account> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<Account> accounts = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String text = lines.get(i).strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            List<String> fields = fields(text, file, i + 1);
            if (fields.size() < 2 || fields.size() > 4 || fields.get(0).isBlank() || fields.get(1).isBlank()) {
                throw new IOException(file + ":" + (i + 1) + ": an account is source,target[,source password command"
                        + "[,target password command]]");
            }
            accounts.add(new Account(i + 1, fields.get(0).strip(), fields.get(1).strip(), blankToNull(fields, 2),
                    blankToNull(fields, 3)));
        }
        if (accounts.isEmpty()) {
            throw new IOException(file + ": no accounts (one a line: source,target[,source passcmd[,target passcmd]])");
        }
        return accounts;
    }

    private static String blankToNull(List<String> fields, int i) {
        return i < fields.size() && !fields.get(i).isBlank() ? fields.get(i).strip() : null;
    }

    private static List<String> fields(String line, Path file, int number) throws IOException {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"' && field.toString().isBlank()) {
                field.setLength(0);
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw new IOException(file + ":" + number + ": a quote is not closed");
        }
        fields.add(field.toString());
        return fields;
    }
}
