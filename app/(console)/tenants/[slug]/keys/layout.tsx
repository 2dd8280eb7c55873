import { createSectionLayout } from '../section-layout';

export default createSectionLayout('keys.manage');
