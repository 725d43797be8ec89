package org.mailsync.config;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Reads an accounts table ({@code accounts FILE}, see {@link AccountChannels}) into rows of
 * cells, each cell a {@link ConfigToken} that carries the table's file and its line, so that
 * the shared checks in {@link ConfigAssembler} name the table, not the config, when a cell is
 * wrong. What the columns mean is decided in {@link AccountChannels}; here only their names
 * are checked.
 *
 * <ul>
 *   <li>{@code *.csv}: RFC 4180. The first record is the header, naming the columns (in any
 *       order, any case); every other record has as many fields as the header. A field may be
 *       quoted with {@code "} (then it may hold commas, line breaks, and {@code ""} for a
 *       quote); spaces around a field are dropped. Beyond the RFC: blank lines and lines
 *       starting with {@code #} are skipped, a UTF-8 byte order mark is ignored, and lines may
 *       end in LF or CRLF.</li>
 *   <li>{@code *.yaml}, {@code *.yml}: a list of mappings of column to value.</li>
 * </ul>
 *
 * One pass over the text, with no I/O: a 10,000-row table is read in milliseconds.
 */
final class AccountTable {

    /**
     * One account.
     *
     * @param line  the line its record starts on (YAML: its mapping)
     * @param cells its values by column, lower case, as written (an empty text for an empty
     *              field or a YAML null), in the order written
     */
    record Row(int line, Map<String, ConfigToken> cells) {
    }

    /**
     * @param header the CSV header's columns, lower case, each at its line; null for YAML,
     *               whose rows name their own columns
     * @param rows   the rows in file order
     */
    record Contents(List<ConfigToken> header, List<Row> rows) {
    }

    private AccountTable() {
    }

    /** Whether a file name says it is a table we read: {@code .csv}, {@code .yaml} or {@code .yml}. */
    static boolean isTable(Path file) {
        return isCsv(file) || ConfigParser.isYaml(file);
    }

    static boolean isCsv(Path file) {
        Path name = file.getFileName();
        return name != null && name.toString().toLowerCase(Locale.ROOT).endsWith(".csv");
    }

    /**
     * Reads a table.
     *
     * @param text    the table's text
     * @param file    its path, for messages and the cells' tokens
     * @param columns the columns a table may have; any other is an error
     * @param required the columns a CSV header must name (YAML rows are checked one by one), each
     *                 with what to say when it is missing
     */
    static Contents read(String text, Path file, List<String> columns, Map<String, String> required)
            throws ConfigException {
        return isCsv(file) ? new Csv(text, file, columns, required).read() : readYaml(text, file, columns);
    }

    /** The SHA-256 of a table's bytes, in hex ({@link MailsyncConfig.Table}). */
    static String digest(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    /** The text of a table's bytes: UTF-8 when it is, else ISO-8859-1, as a config's; without a byte order mark. */
    static String decode(byte[] bytes) {
        String text = ConfigParser.decode(bytes);
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    private static ConfigException error(Path file, int line, String detail) {
        return new ConfigException(new ConfigLocation(file, line), detail);
    }

    private static String columnList(List<String> columns) {
        return String.join(" ", columns);
    }

    /** An RFC 4180 reader that keeps lines: a record's fields carry the line each starts on. */
    private static final class Csv {

        private final String text;
        private final Path file;
        private final List<String> columns;
        private final Map<String, String> required;
        private final int end;
        private int pos;
        private int line = 1;

        Csv(String text, Path file, List<String> columns, Map<String, String> required) {
            this.text = text;
            this.file = file;
            this.columns = columns;
            this.required = required;
            this.end = text.length();
        }

        Contents read() throws ConfigException {
            List<ConfigToken> header = null;
            int headerLine = 0;
            List<Row> rows = new ArrayList<>();
            List<ConfigToken> fields = new ArrayList<>();
            while (skipBlankAndComments()) {
                int recordLine = line;
                readRecord(fields);
                if (header == null) {
                    header = header(fields, recordLine);
                    headerLine = recordLine;
                    continue;
                }
                if (fields.size() != header.size()) {
                    throw error(file, recordLine, fields.size() + (fields.size() == 1 ? " field" : " fields")
                            + ", but the header (line " + headerLine + ") has " + header.size() + " columns: "
                            + String.join(",", header.stream().map(ConfigToken::text).toList())
                            + "; quote a field that holds a comma");
                }
                Map<String, ConfigToken> cells = new LinkedHashMap<>(header.size() * 2);
                for (int i = 0; i < fields.size(); i++) {
                    cells.put(header.get(i).text(), fields.get(i));
                }
                rows.add(new Row(recordLine, cells));
            }
            if (header == null) {
                throw error(file, 0, "no header row: an accounts table starts with its columns' names,"
                        + " e.g. account,source,target,passcmd");
            }
            return new Contents(header, rows);
        }

        private List<ConfigToken> header(List<ConfigToken> fields, int recordLine) throws ConfigException {
            List<ConfigToken> header = new ArrayList<>(fields.size());
            for (ConfigToken field : fields) {
                String name = field.text().strip().toLowerCase(Locale.ROOT);
                if (name.isEmpty()) {
                    throw error(file, recordLine, "empty column name in the header (column " + (header.size() + 1) + ")");
                }
                if (!columns.contains(name)) {
                    throw error(file, recordLine, "unknown column \"" + field.text() + "\" in the header (columns: "
                            + columnList(columns) + ")");
                }
                for (ConfigToken earlier : header) {
                    if (earlier.text().equals(name)) {
                        throw error(file, recordLine, "column \"" + name + "\" given twice in the header");
                    }
                }
                header.add(new ConfigToken(name, false, field.line(), file));
            }
            List<String> names = header.stream().map(ConfigToken::text).toList();
            for (Map.Entry<String, String> column : required.entrySet()) {
                if (!names.contains(column.getKey())) {
                    throw error(file, recordLine, "no column \"" + column.getKey() + "\" in the header ("
                            + String.join(",", names) + ")" + column.getValue());
                }
            }
            return header;
        }

        /** Moves to the next record; false at the end of the text. */
        private boolean skipBlankAndComments() {
            while (pos < end) {
                int eol = text.indexOf('\n', pos);
                int lineEnd = eol < 0 ? end : eol;
                boolean skip = text.charAt(pos) == '#';
                if (!skip) {
                    skip = true;
                    for (int i = pos; i < lineEnd && skip; i++) {
                        char c = text.charAt(i);
                        skip = c == ' ' || c == '\t' || c == '\r';
                    }
                }
                if (!skip) {
                    return true;
                }
                pos = eol < 0 ? end : eol + 1;
                line++;
            }
            return false;
        }

        /** Reads one record (its fields into {@code fields}) and the line break after it. */
        private void readRecord(List<ConfigToken> fields) throws ConfigException {
            fields.clear();
            while (true) {
                fields.add(readField(fields.size() + 1));
                if (pos < end && text.charAt(pos) == ',') {
                    pos++;
                    continue;
                }
                if (pos < end && text.charAt(pos) == '\r') {
                    pos++;
                }
                if (pos < end && text.charAt(pos) == '\n') {
                    pos++;
                    line++;
                }
                return;
            }
        }

        private ConfigToken readField(int number) throws ConfigException {
            skipSpaces();
            int fieldLine = line;
            if (pos < end && text.charAt(pos) == '"') {
                StringBuilder value = new StringBuilder();
                pos++;
                while (true) {
                    if (pos >= end) {
                        throw error(file, fieldLine, "the quote that opens field " + number + " is not closed");
                    }
                    char c = text.charAt(pos++);
                    if (c == '"') {
                        if (pos < end && text.charAt(pos) == '"') {
                            value.append('"');
                            pos++;
                        } else {
                            break;
                        }
                    } else {
                        if (c == '\n') {
                            line++;
                        }
                        value.append(c);
                    }
                }
                skipSpaces();
                if (pos < end && !atFieldEnd()) {
                    throw error(file, line, "text after the closing quote of field " + number
                            + " (a quote inside a quoted field is written \"\")");
                }
                return new ConfigToken(value.toString(), true, fieldLine, file);
            }
            int start = pos;
            while (pos < end && !atFieldEnd()) {
                if (text.charAt(pos) == '"') {
                    throw error(file, line, "a quote inside field " + number + ", which is not quoted: quote the whole"
                            + " field and write the quote twice (\"pass show \"\"my mail\"\"\")");
                }
                pos++;
            }
            return new ConfigToken(text.substring(start, pos).strip(), true, fieldLine, file);
        }

        private boolean atFieldEnd() {
            char c = text.charAt(pos);
            return c == ',' || c == '\n' || (c == '\r' && (pos + 1 == end || text.charAt(pos + 1) == '\n'));
        }

        private void skipSpaces() {
            while (pos < end && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t')) {
                pos++;
            }
        }
    }

    private static Contents readYaml(String text, Path file, List<String> columns) throws ConfigException {
        Optional<Node> root;
        try {
            // no limit on the size (the default stops at 3 MB, some 40,000 accounts): the file is the provider's own
            root = new Compose(LoadSettings.builder().setLabel(file.toString()).setCodePointLimit(Integer.MAX_VALUE).build())
                    .composeString(text);
        } catch (MarkedYamlEngineException e) {
            Optional<Mark> mark = e.getProblemMark().isPresent() ? e.getProblemMark() : e.getContextMark();
            throw error(file, mark.map(m -> m.getLine() + 1).orElse(0), "not valid YAML: " + e.getProblem());
        } catch (YamlEngineException e) {
            throw error(file, 0, "not valid YAML: " + e.getMessage());
        }
        List<Row> rows = new ArrayList<>();
        if (root.isEmpty() || isNull(root.get())) {
            return new Contents(null, rows);
        }
        if (!(root.get() instanceof SequenceNode list)) {
            throw error(file, line(root.get()), "an accounts table in YAML is a list of accounts,"
                    + " e.g. - {account: alice, source: \"imaps://alice@imap.example.org\", target: \"maildir:/srv/mail/alice\"}");
        }
        for (Node item : list.getValue()) {
            if (!(item instanceof MappingNode mapping)) {
                throw error(file, line(item), "an account is a mapping of column to value (account: alice), not "
                        + describe(item));
            }
            Map<String, ConfigToken> cells = new LinkedHashMap<>();
            for (NodeTuple entry : mapping.getValue()) {
                Node keyNode = entry.getKeyNode();
                if (!(keyNode instanceof ScalarNode key)) {
                    throw error(file, line(keyNode), "a column name is " + describe(keyNode) + ", not a word");
                }
                String name = key.getValue().strip().toLowerCase(Locale.ROOT);
                if (!columns.contains(name)) {
                    throw error(file, line(keyNode), "unknown column \"" + key.getValue() + "\" (columns: "
                            + columnList(columns) + ")");
                }
                if (cells.containsKey(name)) {
                    throw error(file, line(keyNode), "column \"" + name + "\" given twice in this account (first at line "
                            + cells.get(name).line() + ")");
                }
                Node value = entry.getValueNode();
                if (!(value instanceof ScalarNode scalar)) {
                    throw error(file, line(value), "column \"" + name + "\" is " + describe(value) + ", where one value is"
                            + " expected; quote a value that starts with \"{\" or \"[\"");
                }
                cells.put(name, new ConfigToken(isNull(scalar) ? "" : scalar.getValue(), true,
                        isNull(scalar) ? line(keyNode) : line(value), file));
            }
            rows.add(new Row(line(item), cells));
        }
        return new Contents(null, rows);
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode scalar && Tag.NULL.equals(scalar.getTag());
    }

    private static String describe(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        return isNull(node) ? "nothing" : "the value \"" + ((ScalarNode) node).getValue() + "\"";
    }

    private static int line(Node node) {
        return node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
    }
}
