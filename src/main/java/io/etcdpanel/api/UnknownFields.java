package io.etcdpanel.api;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

import io.etcdpanel.catalogue.FieldProblem;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.DeserializationProblemHandler;

/**
 * Notes, per HTTP request, each field of a JSON body that its record does not have, and reads on, so that
 * {@link StrictBodies} can name all of them at once rather than Jackson only the first.
 */
final class UnknownFields extends DeserializationProblemHandler {

    private static final String ATTRIBUTE = UnknownFields.class.getName();

    @Override
    public boolean handleUnknownProperty(DeserializationContext context, JsonParser parser, ValueDeserializer<?> deserializer,
            Object beanOrClass, String propertyName) {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        if (request == null) {
            return false;
        }
        in(request).add(new FieldProblem(path(parser), "is not a field of this request" + known(deserializer)));
        parser.skipChildren();
        return true;
    }

    /** The unknown fields noted so far in this request's body (a list kept in the request). */
    @SuppressWarnings("unchecked")
    static List<FieldProblem> in(RequestAttributes request) {
        Object noted = request.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
        if (noted == null) {
            noted = new ArrayList<FieldProblem>();
            request.setAttribute(ATTRIBUTE, noted, RequestAttributes.SCOPE_REQUEST);
        }
        return (List<FieldProblem>) noted;
    }

    /** The field's place in the body, such as {@code storage.colour}; the parser may already stand in the field's value. */
    private static String path(JsonParser parser) {
        TokenStreamContext context = parser.streamReadContext();
        if (parser.currentToken() == JsonToken.START_OBJECT || parser.currentToken() == JsonToken.START_ARRAY) {
            context = context.getParent();
        }
        return fieldAt(context);
    }

    /** A place in a body as the API's errors name it: {@code storage.size}, not the JSON pointer {@code /storage/size}. */
    static String fieldAt(TokenStreamContext context) {
        return context.pathAsPointer().toString().substring(1).replace('/', '.');
    }

    private static String known(ValueDeserializer<?> deserializer) {
        Collection<Object> names = deserializer == null ? null : deserializer.getKnownPropertyNames();
        return names == null || names.isEmpty() ? ""
                : "; its fields are " + names.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }
}
