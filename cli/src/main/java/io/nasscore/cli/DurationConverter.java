package io.nasscore.cli;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The one duration syntax of every option: a positive number and a unit, {@code ms}, {@code s}, {@code m} or
 * {@code h} ({@code 500ms}, {@code 1.5s}, {@code 30s}, {@code 5m}, {@code 1h}). A bare number is refused: seconds
 * or minutes would be a guess. Registered for {@link Duration} on the whole command line (Main).
 */
final class DurationConverter implements ITypeConverter<Duration> {

    private static final Pattern SYNTAX = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");

    static final String EXAMPLES = "e.g. 500ms, 30s, 5m or 1h";

    @Override
    public Duration convert(String value) {
        try {
            return parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    /**
     * @throws IllegalArgumentException naming the value and the expected syntax
     */
    static Duration parse(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        Matcher m = SYNTAX.matcher(v);
        if (!m.matches()) {
            String why = v.matches("\\d+(\\.\\d+)?") ? "has no unit" : "is not a duration";
            throw new IllegalArgumentException("'" + value + "' " + why + ": expected a number and ms, s, m or h, " + EXAMPLES);
        }
        long unitMillis = switch (m.group(2)) {
            case "ms" -> 1L;
            case "s" -> 1_000L;
            case "m" -> 60_000L;
            default -> 3_600_000L;
        };
        BigDecimal millis = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unitMillis));
        if (millis.signum() <= 0) throw new IllegalArgumentException("'" + value + "' must be longer than zero");
        if (millis.compareTo(BigDecimal.valueOf(Long.MAX_VALUE / 1_000_000)) > 0) {
            throw new IllegalArgumentException("'" + value + "' is too long");
        }
        return Duration.ofNanos(millis.multiply(BigDecimal.valueOf(1_000_000)).longValue());
    }

    /** The shortest exact form in this syntax, for messages and hints: 1500ms, 30s, 5m, 1h. */
    static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0) return ms / 3_600_000 + "h";
        if (ms % 60_000 == 0) return ms / 60_000 + "m";
        if (ms % 1_000 == 0) return ms / 1_000 + "s";
        return ms + "ms";
    }
}
