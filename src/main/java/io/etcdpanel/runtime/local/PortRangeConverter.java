package io.etcdpanel.runtime.local;

import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.core.convert.converter.Converter;
import org.springframework.stereotype.Component;

/** Reads {@code etcdpanel.local.ports} from its {@code first-last} form. */
@Component
@ConfigurationPropertiesBinding
class PortRangeConverter implements Converter<String, PortRange> {

    @Override
    public PortRange convert(String source) {
        return PortRange.parse(source);
    }
}
