package io.etcdpanel.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.stream.Collectors;

import org.springframework.util.ClassUtils;

/** Says, for the Java type a request value is read into, what a user must send instead. */
final class Expected {

    private Expected() {
    }

    static String of(Class<?> type) {
        if (type == null) {
            return "a value of another type";
        }
        Class<?> boxed = ClassUtils.resolvePrimitiveIfNecessary(type);
        if (boxed == Integer.class || boxed == Long.class || boxed == Short.class || boxed == Byte.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(boxed)) {
            return "a number";
        }
        if (boxed == Boolean.class) {
            return "true or false";
        }
        if (CharSequence.class.isAssignableFrom(boxed)) {
            return "a string";
        }
        if (boxed == Instant.class) {
            return "an ISO-8601 instant in UTC, such as 2026-01-31T12:00:00Z";
        }
        if (boxed == Duration.class) {
            return "an ISO-8601 duration, such as PT30S or P7D";
        }
        if (boxed.isEnum()) {
            return "one of " + Arrays.stream(boxed.getEnumConstants()).map(String::valueOf).collect(Collectors.joining(", "));
        }
        if (boxed.isArray() || Collection.class.isAssignableFrom(boxed)) {
            return "a JSON array";
        }
        return "a JSON object";
    }
}
