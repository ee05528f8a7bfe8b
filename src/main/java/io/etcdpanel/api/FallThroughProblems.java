package io.etcdpanel.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.support.DefaultHandlerExceptionResolver;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers as problems the API requests that no API controller took up (an unknown path, a method, media type or
 * Accept no address serves) or that failed outside one, which Spring would otherwise answer with its own JSON. It
 * sits among Spring MVC's resolvers after the API's own advice and just before Spring's default.
 */
@Component
class FallThroughProblems implements WebMvcConfigurer {

    private final ApiProblemHandler problems;
    private final JsonMapper json;

    FallThroughProblems(ApiProblemHandler problems, JsonMapper json) {
        this.problems = problems;
        this.json = json;
    }

    @Override
    public void extendHandlerExceptionResolvers(List<HandlerExceptionResolver> resolvers) {
        int springDefault = resolvers.stream().filter(DefaultHandlerExceptionResolver.class::isInstance).findFirst()
                .map(resolvers::indexOf).orElse(resolvers.size());
        resolvers.add(springDefault, this::resolve);
    }

    private ModelAndView resolve(HttpServletRequest request, HttpServletResponse response, Object handler, Exception e) {
        if (response.isCommitted() || !request.getRequestURI().startsWith(request.getContextPath() + "/api/")) {
            return null;
        }
        ResponseEntity<Object> answer = problems.answer(e, new ServletWebRequest(request, response));
        if (answer.getBody() instanceof ProblemDetail problem && problem.getInstance() == null) {
            problem.setInstance(URI.create(request.getRequestURI()));
        }
        response.setStatus(answer.getStatusCode().value());
        answer.getHeaders().forEach((name, values) -> values.forEach(value -> response.addHeader(name, value)));
        // a problem goes out as problem+json whatever Accept asked for (RFC 9457): a 406 must not fail on its own body
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        try {
            json.writeValue(response.getOutputStream(), answer.getBody());
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
        return new ModelAndView();
    }
}
