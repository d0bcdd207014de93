package io.mxguard.lab.world;

import io.mxguard.lab.dns.LabZones;

/**
 * The honest scenarios with NSEC3 denial (RFC 5155, RFC 9276 parameters) in every signed zone:
 * the unsigned delegation in com. and the NXDOMAIN/NODATA answers are proven by hashed names.
 */
class Nsec3ScenarioTest extends HonestScenarios {
    @Override
    LabZones zones(LabZones seed) {
        return seed.useNsec3(LabZones.ROOT, LabZones.COM, LabZones.NET, LabZones.DESTINATION, LabZones.SOURCE,
                LabZones.ATTACKER);
    }
}
