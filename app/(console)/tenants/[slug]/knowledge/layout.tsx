import { createSectionLayout } from '../section-layout';

export default createSectionLayout('knowledge.manage');
