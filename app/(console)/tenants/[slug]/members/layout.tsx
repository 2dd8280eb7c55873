import { createSectionLayout } from '../section-layout';

export default createSectionLayout('members.manage');
