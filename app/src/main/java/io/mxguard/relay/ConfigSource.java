package io.mxguard.relay;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * ConfigSource - where each key's value came from: a line of the configuration file, or a quick-start
 * flag that replaced it. It resolves a file name the way its origin says (relative to the file's
 * directory, or to the working directory for a flag) and makes the {@link ConfigException} that points
 * there: "--flag: message" (64) for a flag, else "FILE:LINE: key: message" (65, or 66 for a file that
 * cannot be read). Not thread-safe; one per load.
 */
final class ConfigSource {
    private final String source;
    private final Path base;
    private final KeyLines lines;
    private final Map<String, String> flags = new HashMap<>();

    /**
     * @param source the file's name as the user gave it, or a placeholder when there is none
     * @param base   the directory relative names in the file are resolved against
     */
    ConfigSource(String source, Path base, KeyLines lines) {
        this.source = source;
        this.base = base;
        this.lines = lines;
    }

    /** flag - {@code key}'s value now comes from {@code flag}; errors and paths for it follow the flag. */
    void flag(String key, String flag) {
        flags.put(key, flag);
    }

    /** path - {@code name}, the value of {@code key}, as a path: absolute, or relative to where it was written. */
    Path path(String key, String name) {
        Path p = Path.of(name);
        return flags.containsKey(key) || p.isAbsolute() ? p : base.resolve(p);
    }

    /** error - a bad value of {@code key}. */
    ConfigException error(String key, String message) {
        return error(ConfigException.DATA_ERROR, key, -1, message);
    }

    /** error - a bad item {@code index} of the list {@code key} (-1 for the key as a whole). */
    ConfigException error(String key, int index, String message) {
        return error(ConfigException.DATA_ERROR, key, index, message);
    }

    /** unreadable - the file named by {@code key} cannot be read (66, whether the name came from a flag or the file). */
    ConfigException unreadable(String key, String message) {
        return error(ConfigException.NO_INPUT, key, -1, message);
    }

    private ConfigException error(int code, String key, int index, String message) {
        String flag = flags.get(key);
        if (flag != null) {
            return new ConfigException(code == ConfigException.NO_INPUT ? code : ConfigException.USAGE, flag + ": " + message);
        }
        String item = index >= 0 ? key + "[" + index + "]" : key;
        Optional<Integer> line = lines.line(item).or(() -> lines.line(key));
        String where = source + line.map(l -> ":" + l).orElse("");
        return new ConfigException(code, where + ": " + item + ": " + message);
    }
}
