import * as core from '@actions/core';
core.info('oci-store post: not built yet');
