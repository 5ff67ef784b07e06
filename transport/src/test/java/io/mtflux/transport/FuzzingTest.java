package io.mtflux.transport;

import io.mtflux.testsupport.ModuleFuzzing;

/** This module's fuzz targets, fuzzed in every run ({@link ModuleFuzzing}). */
class FuzzingTest extends ModuleFuzzing {
}
