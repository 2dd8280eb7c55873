import { createSectionLayout } from '../section-layout';

export default createSectionLayout('prompts.manage');
