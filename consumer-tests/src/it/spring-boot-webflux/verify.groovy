// A Spring Boot application gets Spring Boot's versions, not mtflux-bom's: what it resolved is compared with what
// the starter's build resolved under Spring Boot's BOM, and its program ran to the end.
io.mtflux.consumertests.ConsumerCheck.verify(basedir.toPath(), new File(bootDependencies).toPath())
