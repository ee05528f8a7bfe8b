package io.etcdpanel.api;

import java.util.List;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.support.DefaultHandlerExceptionResolver;
import tools.jackson.databind.json.JsonMapper;

/** Puts {@link FallThroughProblems} into Spring MVC's resolvers, after the API's own advice and before Spring's default. */
@Configuration(proxyBeanMethods = false)
class ApiMvcConfiguration implements WebMvcConfigurer {

    private final ApiProblemHandler problems;
    private final JsonMapper json;

    ApiMvcConfiguration(ApiProblemHandler problems, JsonMapper json) {
        this.problems = problems;
        this.json = json;
    }

    @Override
    public void extendHandlerExceptionResolvers(List<HandlerExceptionResolver> resolvers) {
        int springDefault = resolvers.stream().filter(DefaultHandlerExceptionResolver.class::isInstance).findFirst()
                .map(resolvers::indexOf).orElse(resolvers.size());
        resolvers.add(springDefault, new FallThroughProblems(problems, json));
    }
}
