package io.etcdpanel.catalogue;

import java.math.BigDecimal;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads Kubernetes quantities such as {@code 8Gi} or {@code 500m} as numbers, so two sizes can be compared. */
final class Quantities {

    private static final Pattern QUANTITY = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?");
    private static final Map<String, BigDecimal> SUFFIXES = Map.ofEntries(
            Map.entry("", BigDecimal.ONE), Map.entry("m", new BigDecimal("0.001")),
            Map.entry("k", BigDecimal.TEN.pow(3)), Map.entry("M", BigDecimal.TEN.pow(6)), Map.entry("G", BigDecimal.TEN.pow(9)),
            Map.entry("T", BigDecimal.TEN.pow(12)), Map.entry("P", BigDecimal.TEN.pow(15)), Map.entry("E", BigDecimal.TEN.pow(18)),
            Map.entry("Ki", BigDecimal.valueOf(2).pow(10)), Map.entry("Mi", BigDecimal.valueOf(2).pow(20)),
            Map.entry("Gi", BigDecimal.valueOf(2).pow(30)), Map.entry("Ti", BigDecimal.valueOf(2).pow(40)),
            Map.entry("Pi", BigDecimal.valueOf(2).pow(50)), Map.entry("Ei", BigDecimal.valueOf(2).pow(60)));

    private Quantities() {
    }

    /** Whether the text is a quantity this class reads. */
    static boolean isQuantity(String quantity) {
        return quantity != null && QUANTITY.matcher(quantity).matches();
    }

    /** The quantity as a number (bytes, for a size); a text that is no quantity is refused. */
    static BigDecimal value(String quantity) {
        Matcher matcher = quantity == null ? null : QUANTITY.matcher(quantity);
        if (matcher == null || !matcher.matches()) {
            throw new IllegalArgumentException("not a Kubernetes quantity: " + quantity);
        }
        String suffix = matcher.group(2) == null ? "" : matcher.group(2);
        return new BigDecimal(matcher.group(1)).multiply(SUFFIXES.get(suffix));
    }

    /** Negative, zero or positive as {@code left} is smaller than, as big as or bigger than {@code right}. */
    static int compare(String left, String right) {
        return value(left).compareTo(value(right));
    }
}
