package io.github.managedworkers.securityit;

import java.time.Duration;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.actuate.audit.InMemoryAuditEventRepository;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

import io.github.managedworkers.ManagedWorker;
import io.github.managedworkers.WorkerContext;

/**
 * A service that guards the actuator as docs/observability.md shows: health for anyone, the workers endpoint's reads
 * for operators and admins, its actions for admins only, every other endpoint for admins.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class SecuredApplication {

	static final Duration LONG = Duration.ofMinutes(1);

	@ManagedWorker(name = "reports", every = "1h")
	void reports() {
	}

	@ManagedWorker(name = "jobs", maxConcurrency = 8)
	void jobs(WorkerContext ctx) {
		while (!ctx.isStopping()) {
			ctx.sleep(LONG);
		}
	}

	// tag::security[]
	@Bean
	SecurityFilterChain actuatorSecurity(HttpSecurity http) throws Exception {
		http.securityMatcher(EndpointRequest.toAnyEndpoint())
			.authorizeHttpRequests((requests) -> requests
				.requestMatchers(EndpointRequest.to("health")).permitAll()
				.requestMatchers(EndpointRequest.to("workers").withHttpMethod(HttpMethod.GET))
				.hasAnyRole("OPERATOR", "ADMIN")
				.requestMatchers(EndpointRequest.to("workers").withHttpMethod(HttpMethod.POST))
				.hasRole("ADMIN")
				.anyRequest()
				.hasRole("ADMIN"))
			.httpBasic(Customizer.withDefaults())
			// The actuator takes JSON only: a cross-site form cannot send it without a CORS preflight.
			.csrf((csrf) -> csrf.ignoringRequestMatchers(EndpointRequest.toAnyEndpoint()));
		return http.build();
	}
	// end::security[]

	@Bean
	InMemoryUserDetailsManager users() {
		return new InMemoryUserDetailsManager(
				User.withUsername("olivia").password("{noop}operator-secret").roles("OPERATOR").build(),
				User.withUsername("adam").password("{noop}admin-secret").roles("ADMIN").build());
	}

	@Bean
	InMemoryAuditEventRepository auditEvents() {
		return new InMemoryAuditEventRepository();
	}

}
