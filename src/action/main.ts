import * as core from '@actions/core';
core.info('oci-store main: not built yet');
