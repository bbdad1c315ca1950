package dev.depot.kafka;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/** The passwords of a secure broker's users: a properties file of Kafka user name to password. */
public final class Users {

    /**
     * Passwords go unescaped into JAAS configurations, StorageTool's --add-scram syntax and Quarkus
     * property expressions, where quotes, commas, brackets and '$' all mean something.
     */
    private static final Pattern PASSWORD = Pattern.compile("[A-Za-z0-9._-]{12,}");

    private final Map<String, String> passwords;

    private Users(Map<String, String> passwords) {
        this.passwords = Map.copyOf(passwords);
    }

    /** Reads FILE; every user of {@link Acls} and {@link Acls#ADMIN} must have a usable password. */
    public static Users load(Path file) {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the Kafka users file " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> passwords = new HashMap<>();
        for (String user : Acls.userNames()) {
            String password = p.getProperty(user);
            if (password == null || !PASSWORD.matcher(password).matches()) {
                throw new IllegalArgumentException("the Kafka users file " + file + " needs a password for '" + user
                        + "': 12 or more letters, digits, '.', '_' or '-'");
            }
            passwords.put(user, password);
        }
        return new Users(passwords);
    }

    public String password(String user) {
        String password = passwords.get(user);
        if (password == null) {
            throw new IllegalArgumentException("no password for Kafka user '" + user + "'");
        }
        return password;
    }
}
