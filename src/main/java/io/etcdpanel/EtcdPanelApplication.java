package io.etcdpanel;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Starts etcd-panel. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class EtcdPanelApplication {

    public static void main(String[] args) {
        SpringApplication.run(EtcdPanelApplication.class, args);
    }
}
