package io.mxguard.lab.world;

import io.mxguard.lab.dns.LabZones;

/** The honest scenarios over the seed's tree as signed by default: NSEC denial everywhere. */
class NsecScenarioTest extends HonestScenarios {
    @Override
    LabZones zones(LabZones seed) {
        return seed;
    }
}
