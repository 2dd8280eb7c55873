import { createSectionLayout } from '../section-layout';

export default createSectionLayout('tenant.manage');
