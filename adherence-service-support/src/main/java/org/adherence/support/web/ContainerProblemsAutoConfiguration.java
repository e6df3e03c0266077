package org.adherence.support.web;

import org.apache.catalina.Container;
import org.apache.catalina.Host;
import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.util.unit.DataSize;

/**
 * Every error answer of a service is a problem detail, also those the servlet container gives: Boot's error page
 * ({@link ProblemErrorController}, instead of Boot's own) and Tomcat's error report ({@link ProblemErrorReportValve},
 * instead of its HTML page), and a form cut short gets one too ({@link FormBodyFilter}) instead of no answer.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(ErrorController.class)
public class ContainerProblemsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(ErrorController.class)
    ProblemErrorController problemErrorController() {
        return new ProblemErrorController();
    }

    /**
     * Before anything asks for a parameter (Spring Security's filters included), after the services' own body limits
     * and Boot's HTTP observation; bounded as Tomcat bounds a form ({@code server.tomcat.max-http-form-post-size}).
     */
    @Bean
    FilterRegistrationBean<FormBodyFilter> formBodyFilter(
            @Value("${server.tomcat.max-http-form-post-size:2MB}") DataSize maxFormSize) {
        FilterRegistrationBean<FormBodyFilter> registration =
                new FilterRegistrationBean<>(new FormBodyFilter(maxFormSize.toBytes()));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 3);
        return registration;
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({ConfigurableTomcatWebServerFactory.class, ErrorReportValve.class})
    static class TomcatErrorReport {

        @Bean
        ProblemErrorReportCustomizer problemErrorReportCustomizer() {
            return new ProblemErrorReportCustomizer();
        }
    }

    /**
     * Replaces the host's error report valve. After Boot's customizer (order 0), which adds a plain
     * {@link ErrorReportValve} to the host from a context customizer; context customizers run in the order added.
     */
    static class ProblemErrorReportCustomizer
            implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory>, Ordered {

        @Override
        public void customize(ConfigurableTomcatWebServerFactory factory) {
            factory.addContextCustomizers(context -> install(context.getParent()));
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }

        static void install(Container host) {
            if (!(host instanceof Host)) {
                return;
            }
            Pipeline pipeline = host.getPipeline();
            for (Valve valve : pipeline.getValves()) {
                if (valve instanceof ErrorReportValve) {
                    pipeline.removeValve(valve);
                }
            }
            pipeline.addValve(new ProblemErrorReportValve());
            if (host instanceof StandardHost standard) {
                // else the host adds Tomcat's own when it starts
                standard.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
            }
        }
    }
}
