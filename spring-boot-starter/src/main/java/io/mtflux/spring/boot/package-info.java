/**
 * Spring Boot auto-configuration of mtflux: {@link io.mtflux.spring.boot.MtfluxAutoConfiguration} configures
 * {@code ClientResources}, a {@code SessionStore}, an {@code MtprotoClient} and the accounts runtime from
 * {@link io.mtflux.spring.boot.MtfluxProperties} ({@code mtflux.*}), each backing off for the application's own
 * bean, with a health indicator and an info contributor for Spring Boot's actuator.
 */
package io.mtflux.spring.boot;
