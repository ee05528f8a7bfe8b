package io.etcdpanel.api;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import java.util.List;

import io.etcdpanel.catalogue.FieldProblem;
import io.etcdpanel.catalogue.InvalidSpec;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

/**
 * Holds every JSON body the API reads to {@link #LIMIT} (a snapshot import streams its body, and is not read here),
 * and refuses a body with fields its record does not have, naming each.
 */
@ControllerAdvice(basePackageClasses = StrictBodies.class)
class StrictBodies extends RequestBodyAdviceAdapter {

    static final int LIMIT = 1024 * 1024;

    @Override
    public boolean supports(MethodParameter parameter, Type targetType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    /** Read here, within the limit, so that a body without a Content-Length cannot run past it either. */
    @Override
    public HttpInputMessage beforeBodyRead(HttpInputMessage input, MethodParameter parameter, Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType) throws IOException {
        if (input.getHeaders().getContentLength() > LIMIT) {
            throw new BodyTooLarge();
        }
        byte[] body = input.getBody().readNBytes(LIMIT + 1);
        if (body.length > LIMIT) {
            throw new BodyTooLarge();
        }
        return new HttpInputMessage() {
            @Override
            public InputStream getBody() {
                return new ByteArrayInputStream(body);
            }

            @Override
            public HttpHeaders getHeaders() {
                return input.getHeaders();
            }
        };
    }

    @Override
    public Object afterBodyRead(Object body, HttpInputMessage input, MethodParameter parameter, Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType) {
        List<FieldProblem> unknown = UnknownFields.in(RequestContextHolder.currentRequestAttributes());
        if (!unknown.isEmpty()) {
            throw new InvalidSpec(unknown);
        }
        return body;
    }
}
